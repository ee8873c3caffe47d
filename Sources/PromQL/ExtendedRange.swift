// The `anchored` and `smoothed` selector modifiers (promql-extended-range-selectors), as the
// Prometheus scripts define them.
//
// anchored `x[r] anchored`: the window also holds the last sample at or before its start
// (within the lookback delta), so changes()/resets()/increase()/delta()/rate() see the
// value the series had when the window opened; increase() is the plain difference of the
// first and last value (plus counter resets), never extrapolated.
// smoothed `x[r] smoothed`: the values at both window edges are interpolated linearly
// between the neighbouring samples (within the lookback delta); a counter reset between
// two samples interpolates from zero. `x smoothed` interpolates the value at the evaluation time.

extension Parser {
    static let anchoredFunctions = ["changes", "delta", "increase", "rate", "resets"]
    static let smoothedFunctions = ["delta", "increase", "rate"]

    mutating func parseExtendedModifier(_ e: Expr) throws(ParseError) -> Expr {
        let t = tok
        let name = t.text.lowercased()
        guard features.contains(.extendedRangeSelectors) else {
            throw fail(t, PromQLFeatures.notEnabled("the \(name) modifier", .extendedRangeSelectors))
        }
        try advance()
        func apply(_ vs: inout VectorSelector) throws(ParseError) {
            if vs.anchored || vs.smoothed { throw fail(t, "anchored or smoothed may be set only once") }
            if name == "anchored" { vs.anchored = true } else { vs.smoothed = true }
        }
        switch e {
        case .vectorSelector(var vs):
            if name == "anchored" { throw fail(t, "anchored modifier is only allowed on range selectors") }
            try apply(&vs)
            return .vectorSelector(vs)
        case .matrixSelector(var vs, let r, let p):
            try apply(&vs)
            return .matrixSelector(vs, rangeMs: r, position: p)
        default:
            throw fail(t, "\(name) modifier must follow a vector selector or a range selector")
        }
    }

    func checkExtendedModifier(_ vs: VectorSelector, in function: String, _ arg: Expr) throws(ParseError) {
        if vs.smoothed, !Parser.smoothedFunctions.contains(function) {
            throw typeError(arg, "smoothed modifier can only be used with: \(Parser.smoothedFunctions.joined(separator: ", ")) - not with \(function)")
        }
        if vs.anchored, !Parser.anchoredFunctions.contains(function) {
            throw typeError(arg, "anchored modifier can only be used with: \(Parser.anchoredFunctions.joined(separator: ", ")) - not with \(function)")
        }
    }
}

extension Evaluator {
    /// The points of an anchored or smoothed range selector: those in (start, end], the last
    /// one at or before start and, for smoothed, the first one after end unless a point
    /// sits on end, each within the lookback delta. A series with nothing but its anchor, or
    /// (smoothed) nothing before the window's end, is left out.
    func selectExtendedMatrix(_ vs: VectorSelector, rangeMs: Int64, _ t: Int64) -> (series: [ESeries], window: RangeWindow) {
        let ref = referenceTime(vs.at, t) - vs.offsetMs
        let window = RangeWindow(start: ref - rangeMs, end: ref)
        var out: [ESeries] = []
        for c in selections.columns(vs.matchers, in: store) {
            var ts: [Int64] = [], vals: [Double] = []
            // Last non-stale point at or before start, within the lookback.
            var i = c.upperBound(window.start) - 1
            while i >= 0, c.timestamps[i] > window.start - lookbackMs {
                if c.isFloatSample(i) { ts.append(c.timestamps[i]); vals.append(c.values[i]); break }
                i -= 1
            }
            let lo = c.upperBound(window.start), hi = c.upperBound(window.end)
            for k in lo..<hi where c.isFloatSample(k) { ts.append(c.timestamps[k]); vals.append(c.values[k]) }
            if vs.smoothed, ts.last != window.end {
                var k = hi
                while k < c.timestamps.count, c.timestamps[k] <= window.end + lookbackMs {
                    if c.isFloatSample(k) { ts.append(c.timestamps[k]); vals.append(c.values[k]); break }
                    k += 1
                }
            }
            // No data in or after the window (nothing but the anchor), or only after it.
            guard let last = ts.last, last > window.start, ts[0] <= window.end else { continue }
            out.append(ESeries(labels: c.labels, timestamps: ts[...], values: vals[...]))
        }
        return (out, window)
    }

    /// `x smoothed`: the value at the reference time, interpolated between the samples
    /// either side of it (within the lookback delta); the last one if none follows.
    func selectSmoothedVector(_ vs: VectorSelector, _ t: Int64) -> [Selected] {
        let ref = referenceTime(vs.at, t) - vs.offsetMs
        var out: [Selected] = []
        for c in selections.columns(vs.matchers, in: store) {
            let i = c.upperBound(ref) - 1
            guard i >= 0, c.timestamps[i] > ref - lookbackMs, c.isFloatSample(i) else { continue }
            var v = c.values[i]
            let j = i + 1
            if c.timestamps[i] < ref, j < c.timestamps.count, c.timestamps[j] <= ref + lookbackMs, c.isFloatSample(j) {
                v = ExtendedRange.interpolate(c.timestamps[i], v, c.timestamps[j], c.values[j], at: ref, isCounter: false)
            }
            out.append(Selected(column: c, timestamp: ref, value: v))
        }
        return out
    }
}

extension SeriesStore.Column {
    /// A float sample that is not a stale marker (anchored/smoothed windows read floats only).
    func isFloatSample(_ i: Int) -> Bool {
        !isStaleNaN(values[i]) && (!hasHistograms || histograms[i] == nil)
    }
}

enum ExtendedRange {
    /// Linear interpolation at `t`; for a counter that reset between the two points, from zero.
    static func interpolate(_ t1: Int64, _ y1In: Double, _ t2: Int64, _ y2: Double, at t: Int64, isCounter: Bool) -> Double {
        let y1 = isCounter && y2 < y1In ? 0 : y1In
        return y1 + (y2 - y1) * Double(t - t1) / Double(t2 - t1)
    }

    /// increase()/delta()/rate() over an anchored or smoothed window: right edge value minus
    /// left edge value, plus counter resets in between; nil when the window holds no data.
    static func rate(_ s: ESeries, _ w: RangeWindow, smoothed: Bool, isCounter: Bool, isRate: Bool) -> Double? {
        let ts = Array(s.timestamps), vs = Array(s.values)
        guard let lastT = ts.last, lastT > w.start, ts[0] <= w.end else { return nil }
        let n = ts.count
        var left = vs[0], right = vs[n - 1]
        if smoothed, n > 1, ts[0] < w.start { left = interpolate(ts[0], vs[0], ts[1], vs[1], at: w.start, isCounter: isCounter) }
        if smoothed, n > 1, ts[n - 1] > w.end { right = interpolate(ts[n - 2], vs[n - 2], ts[n - 1], vs[n - 1], at: w.end, isCounter: isCounter) }
        var result = right - left
        if isCounter {
            var prev = left
            for k in 0..<n where ts[k] > w.start && ts[k] < w.end {
                if vs[k] < prev { result += prev }
                prev = vs[k]
            }
            if right < prev { result += prev }
        }
        if isRate { result /= Double(w.rangeMs) / 1000 }
        return result
    }
}
