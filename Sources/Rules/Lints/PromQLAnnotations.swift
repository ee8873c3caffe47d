import PromQL

/// promql/annotations: the warnings and infos Prometheus would attach to this rule's
/// results whatever the data (rate() of a metric not named like a counter, a quantile
/// outside [0, 1], a limit_ratio outside [-1, 1]), with Prometheus's texts, at the place
/// in the expression they refer to.
public struct PromQLAnnotations: Lint {
    public let id = "promql/annotations"
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        staticAnnotations(of: expr).map { a in
            LintProblem(ExpressionPosition.map(a.position, in: rule.expr, source: file.source),
                        "PromQL \(a.kind.rawValue): \(a.message)")
        }
    }
}
