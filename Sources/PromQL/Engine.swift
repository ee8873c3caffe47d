/// Evaluates parsed expressions against a `SeriesStore`, with Prometheus 3 semantics:
/// left-open windows, 5-minute lookback, stale markers, delayed `__name__` removal.
public struct Engine: Sendable {
    public var lookbackDeltaMs: Int64
    /// Step of a subquery written without one (`x[5m:]`).
    public var defaultSubqueryStepMs: Int64
    /// Upper bound on the steps of one range query.
    public var maxSteps: Int

    public init(lookbackDeltaMs: Int64 = 5 * 60 * 1000, defaultSubqueryStepMs: Int64 = 60 * 1000, maxSteps: Int = 11_000) {
        self.lookbackDeltaMs = lookbackDeltaMs
        self.defaultSubqueryStepMs = defaultSubqueryStepMs
        self.maxSteps = maxSteps
    }

    func evaluator(_ store: SeriesStore, start: Int64, end: Int64, step: Int64 = 0, annotations: Annotations?) -> Evaluator {
        Evaluator(store: store, lookbackMs: lookbackDeltaMs, queryStart: start, queryEnd: end,
                  defaultSubqueryStepMs: defaultSubqueryStepMs, queryStepMs: step, annotations: annotations)
    }

    /// Evaluate at one time. Warnings and infos go to `annotations` when given.
    public func instantQuery(_ expr: Expr, at timestampMs: Int64, store: SeriesStore, annotations: Annotations? = nil) throws -> Value {
        let expr = expr.hasQueryDurations ? try expr.resolvingDurations(stepMs: 0, rangeMs: 0) : expr
        let ev = evaluator(store, start: timestampMs, end: timestampMs, annotations: annotations)
        switch try ev.eval(expr, timestampMs) {
        case .scalar(let v): return .scalar(timestamp: timestampMs, value: v)
        case .string(let s): return .string(timestamp: timestampMs, value: s)
        case .vector(let vec):
            return .vector(try Engine.finalize(vec).map { l, v, h in
                var s = Sample(labels: l, timestamp: timestampMs, value: v)
                if let h { s.histogram = h.value }
                return s
            })
        case .matrix(let m):
            var seen: Set<Labels> = []
            var out: [Series] = []
            for s in m {
                let l = s.labels.finalized(dropName: s.dropName)
                if !seen.insert(l).inserted { throw EvaluationError("vector cannot contain metrics with the same labelset") }
                var hs: [Int: FloatHistogram] = [:]
                for (i, h) in s.histograms.enumerated() { if let h { hs[i] = h } }
                out.append(Series(labels: l, points: zip(s.timestamps, s.values).map { Point(timestamp: $0, value: $1) }, histograms: hs))
            }
            return .matrix(out)
        }
    }

    /// Evaluate at start, start+step, ... end; one series per label set, sorted by labels.
    public func rangeQuery(_ expr: Expr, start: Int64, end: Int64, stepMs: Int64, store: SeriesStore, annotations: Annotations? = nil) throws -> [Series] {
        guard stepMs > 0 else { throw EvaluationError("zero or negative query resolution step widths are not accepted") }
        guard end >= start else { throw EvaluationError("end timestamp must not be before start time") }
        guard (end - start) / stepMs < Int64(maxSteps) else {
            throw EvaluationError("exceeded maximum resolution of \(maxSteps) points per timeseries")
        }
        switch valueType(of: expr) {
        case .vector, .scalar: break
        default: throw EvaluationError("invalid expression type \"\(valueType(of: expr).rawValue)\" for range query, must be Scalar or instant Vector")
        }
        let expr = expr.hasQueryDurations ? try expr.resolvingDurations(stepMs: stepMs, rangeMs: end - start) : expr
        let ev = evaluator(store, start: start, end: end, step: stepMs, annotations: annotations)
        var order: [Labels] = []
        var acc: [Labels: [Point]] = [:]
        var hacc: [Labels: [Int: FloatHistogram]] = [:]   // only series with histogram samples
        var t = start
        while t <= end {
            switch try ev.eval(expr, t) {
            case .scalar(let v):
                let l = Labels()
                if acc[l] == nil { order.append(l) }
                acc[l, default: []].append(Point(timestamp: t, value: v))
            case .vector(let vec):
                for (l, v, h) in try Engine.finalize(vec) {
                    if acc[l] == nil { order.append(l) }
                    if let h { hacc[l, default: [:]][acc[l]?.count ?? 0] = h.value }
                    acc[l, default: []].append(Point(timestamp: t, value: v))
                }
            default:
                throw EvaluationError("range query must evaluate to a scalar or an instant vector")
            }
            t += stepMs
        }
        return order.sorted().map { Series(labels: $0, points: acc[$0] ?? [], histograms: hacc[$0] ?? [:]) }
    }

    /// Apply delayed name removal; a label set may then occur only once.
    static func finalize(_ vec: [ESample]) throws -> [(Labels, Double, HistogramBox?)] {
        var seen: Set<Labels> = []
        var out: [(Labels, Double, HistogramBox?)] = []
        out.reserveCapacity(vec.count)
        for s in vec {
            let l = s.labels.finalized(dropName: s.dropName)
            if !seen.insert(l).inserted { throw EvaluationError("vector cannot contain metrics with the same labelset") }
            out.append((l, s.value, s.hbox))
        }
        return out
    }
}
