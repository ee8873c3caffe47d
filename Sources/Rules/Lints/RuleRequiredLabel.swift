import PromQL

/// rule/required-label: routing in Alertmanager keys on labels such as `severity`;
/// an alert without them goes to the default receiver or nowhere. Fix: add the label.
public struct RuleRequiredLabel: Lint {
    public let id = "rule/required-label"
    public let why = "Alertmanager routes on labels such as `severity`; an alert without them goes to the default receiver or nowhere."
    public let fix = "Add the label (the required names are `required_labels` in the lint config; default `severity`)."
    public let example = """
        - alert: ErrorsHigh
          expr: rate(errors_total[5m]) > 1
          for: 5m
          annotations: {summary: errors, description: errors, runbook_url: runbooks/errors.md}
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        guard rule.kind == .alerting else { return [] }
        let have = Set(rule.labels.map(\.name))
        return config.requiredLabels.filter { !have.contains($0) }.map {
            LintProblem(rule.name.position, "alert \(rule.name.value) has no \($0) label")
        }
    }
}
