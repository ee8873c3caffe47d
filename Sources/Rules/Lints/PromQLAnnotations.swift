import PromQL

/// promql/annotations: the warnings and infos Prometheus would attach to this rule's
/// results whatever the data (rate() of a metric not named like a counter, a quantile
/// outside [0, 1], a limit_ratio outside [-1, 1]), with Prometheus's texts, at the place
/// in the expression they refer to.
public struct PromQLAnnotations: Lint {
    public let id = "promql/annotations"
    public let why = "Prometheus attaches these warnings and infos to the rule's results at every evaluation, and they point at a real mistake: `rate()` of a gauge is meaningless, a quantile above 1 is +Inf."
    public let fix = "Use `rate()`/`increase()` only on counters (names ending in `_total`, `_sum`, `_count`, `_bucket`; `deriv()` or `delta()` for gauges); keep quantiles in [0, 1] and `limit_ratio` in [-1, 1]."
    public let example = """
        - record: job:queue_depth:rate5m
          expr: sum by (job) (rate(queue_depth[5m]))
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        staticAnnotations(of: expr).map { a in
            LintProblem(ExpressionPosition.map(a.position, in: rule.expr, source: file.source),
                        "PromQL \(a.kind.rawValue): \(a.message)")
        }
    }
}
