import PromQL

/// alerts/comparison: an alert expression without a comparison returns every series it
/// selects, so the alert fires whenever the metric exists, whatever its value.
/// Fix: compare (`> 0.05`), or use `absent()` for "metric is missing".
public struct AlertsComparison: Lint {
    public let id = "alerts/comparison"
    public let why = "An alert expression without a comparison returns every series it selects, so the alert fires whenever the metric exists, whatever its value."
    public let fix = "Compare the value (`> 0.05`), or use `absent()` when the alert is about a missing metric."
    public let example = """
        - alert: ErrorsSeen
          expr: rate(errors_total[5m])
          for: 5m
          labels: {severity: warning}
          annotations: {summary: errors, description: errors, runbook_url: runbooks/errors.md}
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        guard rule.kind == .alerting, !Self.filters(expr) else { return [] }
        return [LintProblem(rule.expr.position, "alert query has no comparison, so it fires whenever the query returns anything")]
    }

    /// Whether the expression can drop series by value (so the alert does not always fire).
    static func filters(_ e: Expr) -> Bool {
        switch e {
        case .binary(let op, let l, let r, _, let returnBool, _):
            if op.isComparison { return !returnBool }
            switch op {
            case .and, .unless: return true
            case .or: return filters(l) && filters(r)
            default: return filters(l) || filters(r)
            }
        case .paren(let x, _), .unary(_, let x, _): return filters(x)
        case .aggregate(let op, let x, _, _, _, _):
            return [.topk, .bottomk, .limitk, .limitRatio].contains(op) || filters(x)
        case .call(let name, let args, _):
            if ["absent", "absent_over_time"].contains(name) { return true }
            return args.contains(where: filters)
        case .subquery(let x, _, _, _, _, _): return filters(x)
        default: return false
        }
    }
}
