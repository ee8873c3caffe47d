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
    /// (smoothed) nothing before the window's end, is left out. Floats and native histograms
    /// alike (stale markers left out).
    func selectExtendedMatrix(_ vs: VectorSelector, rangeMs: Int64, _ t: Int64) -> (series: [ESeries], window: RangeWindow) {
        let ref = referenceTime(vs.at, t) - vs.offsetMs
        let window = RangeWindow(start: ref - rangeMs, end: ref)
        var out: [ESeries] = []
        for c in selections.columns(vs.matchers, in: store) {
            var idx: [Int] = []
            // Last non-stale point at or before start, within the lookback.
            var i = c.upperBound(window.start) - 1
            while i >= 0, c.timestamps[i] > window.start - lookbackMs {
                if c.isSample(i) { idx.append(i); break }
                i -= 1
            }
            let lo = c.upperBound(window.start), hi = c.upperBound(window.end)
            for k in lo..<hi where c.isSample(k) { idx.append(k) }
            if vs.smoothed, idx.last.map({ c.timestamps[$0] }) != window.end {
                var k = hi
                while k < c.timestamps.count, c.timestamps[k] <= window.end + lookbackMs {
                    if c.isSample(k) { idx.append(k); break }
                    k += 1
                }
            }
            // No data in or after the window (nothing but the anchor), or only after it.
            guard let last = idx.last, c.timestamps[last] > window.start, c.timestamps[idx[0]] <= window.end else { continue }
            let ts = idx.map { c.timestamps[$0] }, vals = idx.map { c.values[$0] }
            if c.hasHistograms, idx.contains(where: { c.histograms[$0] != nil }) {
                out.append(ESeries(labels: c.labels, timestamps: ts[...], values: vals[...], histograms: idx.map { c.histograms[$0] }[...]))
            } else {
                out.append(ESeries(labels: c.labels, timestamps: ts[...], values: vals[...]))
            }
        }
        return (out, window)
    }

    /// `x smoothed`: the value at the reference time, interpolated between the samples
    /// either side of it (within the lookback delta); the last one if none follows. Two
    /// native histograms interpolate bucket by bucket (a counter that reset between them
    /// from zero); a float next to a histogram, or exponential next to custom buckets, gives
    /// no sample and a warning.
    func selectSmoothedVector(_ vs: VectorSelector, _ t: Int64) -> [Selected] {
        let ref = referenceTime(vs.at, t) - vs.offsetMs
        var out: [Selected] = []
        for c in selections.columns(vs.matchers, in: store) {
            let i = c.upperBound(ref) - 1
            guard i >= 0, c.timestamps[i] > ref - lookbackMs, c.isSample(i) else { continue }
            let j = i + 1
            let interpolates = c.timestamps[i] < ref && j < c.timestamps.count && c.timestamps[j] <= ref + lookbackMs && c.isSample(j)
            let h1 = c.hasHistograms ? c.histograms[i] : nil
            let h2 = interpolates && c.hasHistograms ? c.histograms[j] : nil
            if interpolates, (h1 == nil) != (h2 == nil) {
                annotate(.mixedFloatsHistograms(metric: c.labels.metricName ?? "", vs.position))
                continue
            }
            if let h1 {
                var h = h1
                if interpolates, let h2 {
                    guard let r = ExtendedRange.interpolate(c.timestamps[i], h1, c.timestamps[j], h2, at: ref,
                                                            isCounter: h2.counterResetHint != .gauge) else {
                        annotate(.mixedExponentialCustomHistograms(metric: c.labels.metricName ?? "", vs.position))
                        continue
                    }
                    h = r
                }
                out.append(Selected(column: c, timestamp: ref, value: 0, hbox: HistogramBox(h)))
                continue
            }
            var v = c.values[i]
            if interpolates {
                v = ExtendedRange.interpolate(c.timestamps[i], v, c.timestamps[j], c.values[j], at: ref, isCounter: false)
            }
            out.append(Selected(column: c, timestamp: ref, value: v))
        }
        return out
    }
}

extension SeriesStore.Column {
    /// A sample that is not a stale marker.
    func isSample(_ i: Int) -> Bool { !isStaleNaN(values[i]) || (hasHistograms && histograms[i] != nil) }
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

    /// Two native histograms interpolated at `t`; for a counter that reset between them,
    /// from zero (the result then keeps the reset hint). nil for exponential and custom
    /// buckets.
    static func interpolate(_ t1: Int64, _ h1: FloatHistogram, _ t2: Int64, _ h2: FloatHistogram, at t: Int64, isCounter: Bool) -> FloatHistogram? {
        if h1.usesCustomBuckets != h2.usesCustomBuckets { return nil }
        let f = Double(t - t1) / Double(t2 - t1)
        if isCounter && h2.isCounterReset(after: h1) {
            var h = h2.scaled(by: f)
            h.counterResetHint = .reset
            return h
        }
        guard let d = try? h2.combined(with: h1, sign: -1).histogram,
              var h = try? h1.combined(with: d.scaled(by: f), sign: 1).histogram else { return nil }
        h.counterResetHint = .unknown
        return h
    }

    /// increase()/delta()/rate() of native histograms over an anchored or smoothed window,
    /// as for floats: right edge minus left edge, plus the value before every counter reset
    /// in between (a reset the left edge was interpolated across is already in it), with
    /// Prometheus's annotations at `pos`. nil (and a warning) for floats mixed in or for
    /// exponential and custom buckets.
    static func histogramRate(_ s: ESeries, _ w: RangeWindow, smoothed: Bool, isCounter: Bool, isRate: Bool,
                              at pos: SourcePosition, _ note: (Annotation) -> Void) -> FloatHistogram? {
        let metric = s.labels.metricName ?? ""
        guard let hs = s.allHistograms else {
            note(.mixedFloatsHistograms(metric: metric, pos))
            return nil
        }
        let ts = Array(s.timestamps), n = ts.count
        var first = 0
        while first + 1 < n, ts[first + 1] <= w.start { first += 1 }
        var last = n - 1
        if smoothed, let k = ts.firstIndex(where: { $0 >= w.end }) { last = k }
        guard ts[last] > w.start else { return nil }
        func mixed() { note(.mixedExponentialCustomHistograms(metric: metric, pos)) }
        let leftInterpolated = smoothed && ts[first] < w.start && first + 1 < n
        let rightInterpolated = smoothed && last > 0 && ts[last] > w.end
        guard let left = leftInterpolated ? interpolate(ts[first], hs[first], ts[first + 1], hs[first + 1], at: w.start, isCounter: isCounter) : hs[first],
              let right = rightInterpolated ? interpolate(ts[last - 1], hs[last - 1], ts[last], hs[last], at: w.end, isCounter: isCounter) : hs[last]
        else { mixed(); return nil }
        let points = first < last ? [left] + hs[(first + 1)..<last] + [right] : [left]
        if points.contains(where: { $0.usesCustomBuckets != points[0].usesCustomBuckets }) { mixed(); return nil }
        let raw = hs[first...last]
        if isCounter, raw.contains(where: { $0.counterResetHint == .gauge }) { note(.nativeHistogramNotCounter(metric: metric, pos)) }
        if !isCounter, hs[first].counterResetHint != .gauge || hs[last].counterResetHint != .gauge {
            note(.nativeHistogramNotGauge(metric: metric, pos))
        }
        guard var (result, reconciled) = try? right.combined(with: left, sign: -1) else { mixed(); return nil }
        if isCounter {
            for k in 0..<(points.count - 1) where !(k == 0 && leftInterpolated) {
                guard points[k + 1].isCounterReset(after: points[k]) else { continue }
                guard let r = try? result.combined(with: points[k], sign: 1) else { mixed(); return nil }
                result = r.histogram
                reconciled = reconciled || r.reconciled
            }
        }
        if reconciled { note(.mismatchedCustomBuckets(.subtraction, pos)) }
        if isRate { result = result.divided(by: Double(w.rangeMs) / 1000) }
        result.counterResetHint = .gauge
        return result.compacted()
    }
}
