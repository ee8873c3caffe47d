// The tree-walking evaluator: one expression at one timestamp. Range queries and subqueries
// evaluate step by step; selectors find their windows by binary search in the columnar store.

struct Evaluator: Sendable {
    let store: SeriesStore
    let lookbackMs: Int64
    let queryStart: Int64
    let queryEnd: Int64
    let defaultSubqueryStepMs: Int64
    /// The range query's step (0 for an instant query), for step().
    var queryStepMs: Int64 = 0
    /// Where warnings and infos go (nil: nobody asked for them).
    var annotations: Annotations? = nil
    let selections = SelectionCache()
    /// Prometheus's histogram stats decoding: selectors under histogram_count/sum/avg (and
    /// not under a subquery, histogram_quantile or histogram_fraction) read their native
    /// histograms as its HistogramStatsIterator does, which detects counter resets on the
    /// fly: an `unknown` hint becomes `reset` or `not_reset` against the sample read before.
    var histogramStatsWanted = false
    var histogramStatsVetoed = false
    var histogramStatsDecoding: Bool { histogramStatsWanted && !histogramStatsVetoed }

    func annotate(_ a: @autoclosure () -> Annotation) {
        if let annotations { annotations.add(a()) }
    }

    func referenceTime(_ at: AtModifier?, _ t: Int64) -> Int64 {
        switch at {
        case nil: return t
        case .timestamp(let x): return x
        case .start: return queryStart
        case .end: return queryEnd
        }
    }

    func eval(_ e: Expr, _ t: Int64) throws -> EValue {
        switch e {
        case .number(let v, _): return .scalar(v)
        case .string(let s, _): return .string(s)
        case .paren(let x, _): return try eval(x, t)
        case .vectorSelector(let vs):
            return .vector(selectVector(vs, t).map { s in
                if let h = s.hbox { return ESample(labels: s.column.labels, value: s.value, hbox: h) }
                return ESample(labels: s.column.labels, value: s.value)
            })
        case .matrixSelector(let vs, let range, _):
            return .matrix(selectMatrix(vs, rangeMs: range, t).series)
        case .subquery:
            return .matrix(try evalSubquery(e, t).series)
        case .unary(_, let x, _):
            switch try eval(x, t) {
            case .scalar(let v): return .scalar(-v)
            case .vector(let vec): return .vector(vec.map { s in
                if var h = s.histogram?.scaled(by: -1) {
                    h.counterResetHint = .gauge
                    return ESample(labels: s.labels, histogram: h, dropName: true)
                }
                return ESample(labels: s.labels, value: -s.value, dropName: true)
            })
            default: throw EvaluationError("unary expression only allowed on expressions of type scalar or instant vector")
            }
        case .call(let name, let args, _):
            guard let entry = FunctionTable.entry(name), let f = entry.implementation else {
                throw EvaluationError("function \"\(name)\" is not implemented")
            }
            if queryStart != queryEnd, SortFunctions.names.contains(name) { annotate(.sortInRangeQuery(e.position)) }
            switch entry.histogramStats {
            case .wanted where !histogramStatsWanted:
                var ev = self
                ev.histogramStatsWanted = true
                return try f(FunctionCall(evaluator: ev, args: args, time: t))
            case .vetoed where !histogramStatsVetoed:
                var ev = self
                ev.histogramStatsVetoed = true
                return try f(FunctionCall(evaluator: ev, args: args, time: t))
            default:
                break
            }
            return try f(FunctionCall(evaluator: self, args: args, time: t))
        case .aggregate(let op, let x, let param, let grouping, let without, let p):
            return try evalAggregate(op: op, expr: x, param: param, grouping: grouping, without: without, at: p, t)
        case .binary(let op, let l, let r, let matching, let returnBool, _):
            return try evalBinary(op: op, lhs: l, rhs: r, matching: matching, returnBool: returnBool, t)
        }
    }

    func vector(_ e: Expr, _ t: Int64) throws -> [ESample] {
        switch try eval(e, t) {
        case .vector(let v): return v
        case .scalar(let s): return [ESample(labels: Labels(), value: s)]
        default: throw EvaluationError("expected instant vector")
        }
    }

    func scalar(_ e: Expr, _ t: Int64) throws -> Double {
        switch try eval(e, t) {
        case .scalar(let s): return s
        case .vector(let v):
            let floats = v.filter { $0.hbox == nil }
            return floats.count == 1 ? floats[0].value : .nan
        default: throw EvaluationError("expected scalar")
        }
    }

    // MARK: selectors

    struct Selected { let column: SeriesStore.Column; let timestamp: Int64; let value: Double; var hbox: HistogramBox? = nil }

    /// The newest non-stale sample in (ref - lookback, ref] of every matching series.
    func selectVector(_ vs: VectorSelector, _ t: Int64) -> [Selected] {
        if vs.smoothed { return selectSmoothedVector(vs, t) }
        let ref = referenceTime(vs.at, t) - vs.offsetMs
        var out: [Selected] = []
        for c in selections.columns(vs.matchers, in: store) {
            let i = c.upperBound(ref) - 1
            guard i >= 0, c.timestamps[i] > ref - lookbackMs else { continue }
            let v = c.values[i]
            if isStaleNaN(v) { continue }
            if c.hasHistograms, var h = c.histograms[i] {
                if histogramStatsDecoding, h.counterResetHint == .unknown, i > 0, c.timestamps[i - 1] > ref - lookbackMs,
                   let prev = c.histograms[i - 1] {
                    h.counterResetHint = h.isCounterReset(after: prev) ? .reset : .notReset
                }
                out.append(Selected(column: c, timestamp: c.timestamps[i], value: v, hbox: HistogramBox(h)))
                continue
            }
            out.append(Selected(column: c, timestamp: c.timestamps[i], value: v))
        }
        return out
    }

    /// Points in the left-open window (ref - range, ref], stale markers left out.
    func selectMatrix(_ vs: VectorSelector, rangeMs: Int64, _ t: Int64) -> (series: [ESeries], window: RangeWindow) {
        if vs.anchored || vs.smoothed { return selectExtendedMatrix(vs, rangeMs: rangeMs, t) }
        let ref = referenceTime(vs.at, t) - vs.offsetMs
        let window = RangeWindow(start: ref - rangeMs, end: ref)
        var out: [ESeries] = []
        for c in selections.columns(vs.matchers, in: store) {
            let lo = c.upperBound(window.start), hi = c.upperBound(window.end)
            guard lo < hi else { continue }
            var ts = c.timestamps[lo..<hi], vals = c.values[lo..<hi]
            if c.hasHistograms {
                if let s = histogramWindow(c, lo, hi) { out.append(s) }
                continue
            }
            if c.hasStaleMarkers, vals.contains(where: isStaleNaN) {
                var nts: [Int64] = [], nvs: [Double] = []
                for (a, b) in zip(ts, vals) where !isStaleNaN(b) { nts.append(a); nvs.append(b) }
                if nts.isEmpty { continue }
                ts = nts[...]; vals = nvs[...]
            }
            out.append(ESeries(labels: c.labels, timestamps: ts, values: vals))
        }
        return (out, window)
    }

    /// The window [lo, hi) of a series with native histogram samples, stale markers left out.
    func histogramWindow(_ c: SeriesStore.Column, _ lo: Int, _ hi: Int) -> ESeries? {
        var ts = c.timestamps[lo..<hi], vals = c.values[lo..<hi], hs = c.histograms[lo..<hi]
        if c.hasStaleMarkers, vals.contains(where: isStaleNaN) {
            var nts: [Int64] = [], nvs: [Double] = [], nhs: [FloatHistogram?] = []
            for i in lo..<hi where !isStaleNaN(c.values[i]) {
                nts.append(c.timestamps[i]); nvs.append(c.values[i]); nhs.append(c.histograms[i])
            }
            if nts.isEmpty { return nil }
            ts = nts[...]; vals = nvs[...]; hs = nhs[...]
        }
        if !hs.contains(where: { $0 != nil }) { return ESeries(labels: c.labels, timestamps: ts, values: vals) }
        if histogramStatsDecoding { hs = Evaluator.statsDecoded(hs) }
        return ESeries(labels: c.labels, timestamps: ts, values: vals, histograms: hs)
    }

    /// The hints a HistogramStatsIterator gives a window it reads from its start: an
    /// `unknown` hint after a histogram becomes `reset` or `not_reset`.
    static func statsDecoded(_ hs: ArraySlice<FloatHistogram?>) -> ArraySlice<FloatHistogram?> {
        var out = hs
        var prev: FloatHistogram? = nil
        for i in out.indices {
            guard var h = out[i] else { prev = nil; continue }
            let read = h
            if h.counterResetHint == .unknown, let p = prev {
                h.counterResetHint = h.isCounterReset(after: p) ? .reset : .notReset
                out[i] = h
            }
            prev = read
        }
        return out
    }

    /// `expr[range:step]`: the inner expression at every step-aligned time in the window.
    func evalSubquery(_ e: Expr, _ t: Int64) throws -> (series: [ESeries], window: RangeWindow) {
        guard case .subquery(let inner, let range, let stepOpt, let offset, let at, _) = e else {
            throw EvaluationError("not a subquery")
        }
        let step = stepOpt ?? defaultSubqueryStepMs
        var inside = self
        inside.histogramStatsVetoed = true   // counter resets in subquery steps need the buckets
        let ref = referenceTime(at, t) - offset
        let window = RangeWindow(start: ref - range, end: ref)
        var start = step * (window.start / step)
        if start <= window.start { start += step }
        var order: [Labels] = []
        var acc: [Labels: (ts: [Int64], vs: [Double], drop: Bool)] = [:]
        var hists: [Labels: [FloatHistogram?]] = [:]   // only series with a histogram sample
        var anyHistogram = false
        var ts = start
        var steps = 0
        while ts <= window.end {
            steps += 1
            if steps > 11_000 { throw EvaluationError("subquery would evaluate more than 11000 steps") }
            switch try inside.eval(inner, ts) {
            case .vector(let vec):
                for s in vec {
                    if var cur = acc[s.labels] {
                        if cur.ts.last == ts { throw EvaluationError("vector cannot contain metrics with the same labelset") }
                        cur.ts.append(ts); cur.vs.append(s.value); cur.drop = cur.drop || s.dropName
                        acc[s.labels] = cur
                    } else {
                        order.append(s.labels)
                        acc[s.labels] = ([ts], [s.value], s.dropName)
                    }
                    if s.hbox != nil, var h = s.histogram {
                        anyHistogram = true
                        // Steps are not consecutive samples: their reset hints do not hold.
                        if h.counterResetHint != .gauge { h.counterResetHint = .unknown }
                        let n = acc[s.labels]?.ts.count ?? 1
                        hists[s.labels, default: Array(repeating: nil, count: n - 1)].append(h)
                    } else if anyHistogram, hists[s.labels] != nil {
                        hists[s.labels]?.append(nil)
                    }
                }
            case .scalar(let v):
                let l = Labels()
                if acc[l] == nil { order.append(l); acc[l] = ([], [], false) }
                acc[l]?.ts.append(ts); acc[l]?.vs.append(v)
            default:
                throw EvaluationError("subquery is only allowed on instant vector")
            }
            ts += step
        }
        let series = order.compactMap { l -> ESeries? in
            guard let a = acc[l] else { return nil }
            return ESeries(labels: l, timestamps: a.ts[...], values: a.vs[...], dropName: a.drop, histograms: hists[l]?[...])
        }
        return (series, window)
    }
}
