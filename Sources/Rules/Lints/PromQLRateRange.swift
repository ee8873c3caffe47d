import PromQL

/// promql/rate-range: rate() and increase() need two samples inside their range; a range
/// shorter than twice the scrape interval returns nothing after a single missed scrape.
/// Fix: use at least rate_range_factor x scrape_interval (`rate(x[2m])` for a 1m scrape).
public struct PromQLRateRange: Lint {
    public let id = "promql/rate-range"
    public let why = "`rate()` and `increase()` need two samples inside their range; a range shorter than twice the scrape interval returns nothing after a single missed scrape, and the alert goes quiet exactly when scrapes fail."
    public let fix = "Use a range of at least `rate_range_factor` x `scrape_interval` (`rate(x[2m])` for a 1m scrape)."
    public let example = """
        - alert: ErrorsHigh
          expr: rate(errors_total[1m]) > 1
          for: 5m
          labels: {severity: warning}
          annotations: {summary: errors, description: errors, runbook_url: runbooks/errors.md}
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        var problems: [LintProblem] = []
        let minimum = config.scrapeIntervalMs * config.rateRangeFactor
        expr.walk { e in
            guard case .call(let name, let args, let p) = e, ["rate", "increase", "irate"].contains(name),
                  let arg = args.first else { return }
            let range: Int64
            switch arg {
            case .matrixSelector(_, let r, _): range = r
            case .subquery(_, let r, _, _, _, _): range = r
            default: return
            }
            if range < minimum {
                problems.append(LintProblem(
                    ExpressionPosition.map(p, in: rule.expr, source: file.source),
                    "\(name)() over [\(PromDuration.format(range))] is shorter than \(config.rateRangeFactor) x the \(PromDuration.format(config.scrapeIntervalMs)) scrape interval; use at least [\(PromDuration.format(minimum))]"))
            }
        }
        return problems
    }
}
