import PromQL

/// alerts/absent-for: absent() fires the moment one scrape is missing or a target restarts;
/// without `for` that pages on every blip. Fix: add `for:` (a few scrape intervals).
public struct AlertsAbsentFor: Lint {
    public let id = "alerts/absent-for"
    public let why = "`absent()` is true the moment one scrape is missing or a target restarts; without `for` it pages on every blip."
    public let fix = "Add `for:` of a few scrape intervals (`for: 5m`)."
    public let example = """
        - alert: ExporterGone
          expr: absent(up{job="opsctl"})
          labels: {severity: critical}
          annotations: {summary: gone, description: gone, runbook_url: runbooks/gone.md}
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        guard rule.kind == .alerting, rule.forMs == 0 else { return [] }
        var found: SourcePosition?
        expr.walk { e in
            if found == nil, case .call("absent", _, let p) = e { found = p }
        }
        guard let p = found else { return [] }
        return [LintProblem(ExpressionPosition.map(p, in: rule.expr, source: file.source),
                            "alert uses absent() without for; a single missed scrape will fire it")]
    }
}
