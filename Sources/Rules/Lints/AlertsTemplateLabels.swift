import PromQL

/// alerts/template-labels: a template that reads a label the expression cannot return
/// (after `sum by (job)` only `job` exists) renders an empty string in every page.
/// Fix: keep the label in the aggregation (`by (job, instance)`) or drop it from the text.
public struct AlertsTemplateLabels: Lint {
    public let id = "alerts/template-labels"
    public let why = "A template that reads a label the expression cannot return (after `sum by (job)` only `job` exists) renders an empty string in every page."
    public let fix = "Keep the label in the aggregation (`by (job, instance)`), or drop it from the text."
    public let example = """
        - alert: ErrorsHigh
          expr: sum by (job) (rate(errors_total[5m])) > 1
          for: 5m
          labels: {severity: warning}
          annotations: {summary: "errors on {{ $labels.instance }}", description: errors, runbook_url: runbooks/errors.md}
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        guard rule.kind == .alerting, let available = LabelInference.labels(expr) else { return [] }
        var problems: [LintProblem] = []
        for l in rule.labels + rule.annotations {
            guard let tree = l.template else { continue }
            for name in TemplateWalk.labelReferences(tree).sorted() where !available.contains(name) {
                let have = available.isEmpty ? "no labels" : "only " + available.sorted().joined(separator: ", ")
                problems.append(LintProblem(l.value.position, "template \(l.name) uses label \(name), but the query returns \(have)"))
            }
        }
        return problems
    }
}
