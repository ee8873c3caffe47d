import PromQL

/// alerts/required-annotation: the person paged needs a summary, a description and a
/// runbook. Fix: add the missing annotations (names configurable).
public struct AlertsRequiredAnnotation: Lint {
    public let id = "alerts/required-annotation"
    public let why = "The person paged needs a summary, a description and a runbook to act on an alert at 3 a.m."
    public let fix = "Add the missing annotations (the names are `required_annotations` in the lint config; default `summary`, `description`, `runbook_url`)."
    public let example = """
        - alert: ErrorsHigh
          expr: rate(errors_total[5m]) > 1
          for: 5m
          labels: {severity: warning}
          annotations: {summary: errors}
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        guard rule.kind == .alerting else { return [] }
        let have = Set(rule.annotations.map(\.name))
        return config.requiredAnnotations.filter { !have.contains($0) }.map {
            LintProblem(rule.name.position, "alert \(rule.name.value) has no \($0) annotation")
        }
    }
}
