import PromQL

/// alerts/value-humanize: the value of a rate is a long float (0.033333333333333333);
/// printed raw in an annotation it is unreadable. Fix: `{{ $value | humanize }}`
/// (or humanizePercentage / printf "%.2f").
public struct AlertsValueHumanize: Lint {
    public let id = "alerts/value-humanize"
    public let why = "The value of a rate is a long float (0.033333333333333333); printed raw in an annotation it is unreadable."
    public let fix = "Print it with `{{ $value | humanize }}` (or `humanizePercentage`, or `printf \"%.2f\"`)."
    public let example = """
        - alert: ErrorsHigh
          expr: rate(errors_total[5m]) > 1
          for: 5m
          labels: {severity: warning}
          annotations: {summary: "errors at {{ $value }}/s", description: errors, runbook_url: runbooks/errors.md}
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        guard rule.kind == .alerting else { return [] }
        var isRate = false
        expr.walk { e in
            if case .call(let n, _, _) = e, ["rate", "irate", "deriv", "increase"].contains(n) { isRate = true }
        }
        guard isRate else { return [] }
        return rule.annotations.compactMap { a in
            guard let tree = a.template, TemplateWalk.printsRawValue(tree) else { return nil }
            return LintProblem(a.value.position, "annotation \(a.name) prints $value of a rate without humanize; use {{ $value | humanize }}")
        }
    }
}
