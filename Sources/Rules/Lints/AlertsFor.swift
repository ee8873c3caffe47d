import PromQL

/// alerts/for: `for` shorter than the evaluation interval behaves like no `for` at all
/// (the alert fires at the second evaluation anyway). Fix: raise it or drop it.
public struct AlertsFor: Lint {
    public let id = "alerts/for"
    public let why = "A `for` shorter than the evaluation interval behaves like no `for` at all: the alert fires at its second evaluation anyway."
    public let fix = "Raise `for` to at least the group's evaluation interval, or drop it."
    public let example = """
        - alert: ErrorsHigh
          expr: rate(errors_total[5m]) > 1
          for: 10s
          labels: {severity: warning}
          annotations: {summary: errors, description: errors, runbook_url: runbooks/errors.md}
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        guard rule.kind == .alerting, rule.forMs > 0 else { return [] }
        let interval = group.intervalMs ?? config.evaluationIntervalMs
        guard rule.forMs < interval else { return [] }
        return [LintProblem(rule.forPosition ?? rule.position,
                            "for: \(PromDuration.format(rule.forMs)) is below the evaluation interval \(PromDuration.format(interval)) and has no effect")]
    }
}
