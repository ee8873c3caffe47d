// rate, irate, increase, delta, idelta, deriv, predict_linear, changes, resets.

enum RateFunctions {
    /// Prometheus's extrapolatedRate: the change over the window, extrapolated towards the
    /// window edges (but not beyond where a counter would reach zero).
    static func extrapolated(_ s: ESeries, _ w: RangeWindow, isCounter: Bool, isRate: Bool) -> Double? {
        let n = s.values.count
        guard n >= 2 else { return nil }
        let ts = s.timestamps, vs = s.values
        let firstT = ts[ts.startIndex], lastT = ts[ts.endIndex - 1]
        let firstV = vs[vs.startIndex], lastV = vs[vs.endIndex - 1]
        var result = lastV - firstV
        if isCounter {
            var prev = firstV
            for v in vs.dropFirst() {
                if v < prev { result += prev }
                prev = v
            }
        }
        let sampled = Double(lastT - firstT) / 1000
        let avgDuration = sampled / Double(n - 1)
        var toStart = Double(firstT - w.start) / 1000
        var toEnd = Double(w.end - lastT) / 1000
        let threshold = avgDuration * 1.1
        if toStart >= threshold { toStart = avgDuration / 2 }
        if isCounter && result > 0 && firstV >= 0 {
            let toZero = sampled * (firstV / result)
            if toZero < toStart { toStart = toZero }
        }
        if toEnd >= threshold { toEnd = avgDuration / 2 }
        var factor = (sampled + toStart + toEnd) / sampled
        if isRate { factor /= Double(w.rangeMs) / 1000 }
        return result * factor
    }

    static func make(isCounter: Bool, isRate: Bool) -> FunctionImpl {
        { call in
            let (series, w) = try call.matrix(0)
            if isCounter, let a = call.evaluator.annotations {
                // Prometheus says so for series with float samples only.
                for s in series where !s.values.isEmpty && (!s.hasHistograms || s.histograms.contains(where: { $0 == nil })) {
                    if let name = s.labels.metricName, !Annotation.looksLikeCounter(name) {
                        a.add(.possibleNonCounter(metric: name, call.args[0].position))
                    }
                }
            }
            var arg = call.args[0]
            while case .paren(let x, _) = arg { arg = x }
            if case .matrixSelector(let vs, _, _) = arg, vs.anchored || vs.smoothed {
                // Anchored/smoothed windows: floats and native histograms each their own way.
                let pos = call.args[0].startPosition
                return .vector(mapSeriesValues(series) { s in
                    if s.hasHistograms {
                        return ExtendedRange.histogramRate(s, w, smoothed: vs.smoothed, isCounter: isCounter, isRate: isRate, at: pos) {
                            call.evaluator.annotate($0)
                        }.map { .histogram($0) }
                    }
                    return ExtendedRange.rate(s, w, smoothed: vs.smoothed, isCounter: isCounter, isRate: isRate).map { .float($0) }
                })
            }
            if series.anyHistograms {
                let pos = call.args[0].startPosition
                return .vector(mapSeriesValues(series) { s in
                    guard s.hasHistograms else { return extrapolated(s, w, isCounter: isCounter, isRate: isRate).map { .float($0) } }
                    let metric = s.labels.metricName ?? ""
                    guard let hs = s.allHistograms else {
                        // Floats and histograms in one window: no result.
                        call.evaluator.annotate(.mixedFloatsHistograms(metric: metric, pos))
                        return nil
                    }
                    guard hs.count >= 2 else { return nil }
                    let (change, notes) = histogramRate(hs, isCounter: isCounter, metric: metric, at: pos)
                    notes.forEach { call.evaluator.annotate($0) }
                    return change.map { .histogram(histogramExtrapolated(s, hs, change: $0, w, isCounter: isCounter, isRate: isRate)) }
                })
            }
            return .vector(mapSeries(series) { extrapolated($0, w, isCounter: isCounter, isRate: isRate) })
        }
    }

    /// Prometheus's histogramRate: the change over a window of native histograms (counter
    /// resets added back for counters), at the lowest schema seen, with its annotations; nil
    /// for a mix of exponential and custom buckets. A counter reset between the first two
    /// samples leaves the first one out (its bucket layout does not matter then).
    static func histogramRate(_ hs: [FloatHistogram], isCounter: Bool, metric: String, at pos: SourcePosition)
        -> (change: FloatHistogram?, notes: [Annotation]) {
        guard var prev = hs.first, let last = hs.last else { return (nil, []) }
        let mixed: (change: FloatHistogram?, notes: [Annotation]) = (nil, [.mixedExponentialCustomHistograms(metric: metric, pos)])
        var notes: [Annotation] = []
        var usingCustom = prev.usesCustomBuckets
        if isCounter && (prev.counterResetHint == .gauge || last.counterResetHint == .gauge) {
            notes.append(.nativeHistogramNotCounter(metric: metric, pos))
        }
        if isCounter, hs.count > 1, hs[1].isCounterReset(after: prev) {
            prev = FloatHistogram(schema: hs[1].schema, customValues: hs[1].customValues)
            usingCustom = hs[1].usesCustomBuckets
        }
        if last.usesCustomBuckets != usingCustom { return mixed }
        var minSchema = min(last.schema, prev.schema)
        if isCounter {
            for cur in hs.dropFirst().dropLast() {
                if cur.counterResetHint == .gauge { notes.append(.nativeHistogramNotCounter(metric: metric, pos)) }
                minSchema = min(minSchema, cur.schema)
                if cur.usesCustomBuckets != usingCustom { return mixed }
            }
        }
        guard var (h, reconciled) = try? last.reduced(to: minSchema).combined(with: prev, sign: -1) else { return mixed }
        if reconciled { notes.append(.mismatchedCustomBuckets(.subtraction, pos)) }
        if isCounter {
            for cur in hs.dropFirst() {
                if cur.isCounterReset(after: prev) {
                    guard let r = try? h.combined(with: prev, sign: 1) else { return mixed }
                    h = r.histogram
                    reconciled = r.reconciled
                    if reconciled { notes.append(.mismatchedCustomBuckets(.addition, pos)) }
                }
                prev = cur
            }
        } else if hs[0].counterResetHint != .gauge || last.counterResetHint != .gauge {
            notes.append(.nativeHistogramNotGauge(metric: metric, pos))
        }
        h.counterResetHint = .gauge
        return (h.compacted(), notes)
    }

    /// rate/increase/delta of a series of native histograms: `change` extrapolated like
    /// floats, without the limit at zero.
    static func histogramExtrapolated(_ s: ESeries, _ hs: [FloatHistogram], change: FloatHistogram, _ w: RangeWindow,
                                      isCounter: Bool, isRate: Bool) -> FloatHistogram {
        let ts = s.timestamps
        let firstT = ts[ts.startIndex], lastT = ts[ts.endIndex - 1]
        let sampled = Double(lastT - firstT) / 1000
        let avgDuration = sampled / Double(hs.count - 1)
        var toStart = Double(firstT - w.start) / 1000
        var toEnd = Double(w.end - lastT) / 1000
        let threshold = avgDuration * 1.1
        if toStart >= threshold { toStart = avgDuration / 2 }
        // Not beyond where the count would reach zero.
        if isCounter && change.count > 0 && hs[0].count >= 0 {
            let toZero = sampled * (hs[0].count / change.count)
            if toZero < toStart { toStart = toZero }
        }
        if toEnd >= threshold { toEnd = avgDuration / 2 }
        var factor = (sampled + toStart + toEnd) / sampled
        if isRate { factor /= Double(w.rangeMs) / 1000 }
        var h = change.scaled(by: factor)
        h.counterResetHint = .gauge
        return h
    }

    /// irate/idelta of a series with native histograms: its last two samples, as
    /// Prometheus's instantValue (a float and a histogram: no result, and a warning).
    static func histogramInstant(_ s: ESeries, isRate: Bool, at pos: SourcePosition, _ note: (Annotation) -> Void) -> SampleValue? {
        let vals = s.sampleValues
        guard vals.count >= 2 else { return nil }
        let dt = s.timestamps[s.timestamps.endIndex - 1] - s.timestamps[s.timestamps.endIndex - 2]
        if dt == 0 { return nil }
        let metric = s.labels.metricName ?? ""
        switch (vals[vals.count - 2], vals[vals.count - 1]) {
        case (.float(let prev), .float(let last)):
            var r = last - prev
            if isRate && last < prev { r = last }
            return .float(isRate ? r / (Double(dt) / 1000) : r)
        case (.histogram(let prev), .histogram(let last)):
            if isRate && (last.counterResetHint == .gauge || prev.counterResetHint == .gauge) {
                note(.nativeHistogramNotCounter(metric: metric, pos))
            }
            if !isRate && (last.counterResetHint != .gauge || prev.counterResetHint != .gauge) {
                note(.nativeHistogramNotGauge(metric: metric, pos))
            }
            var h = last
            if !isRate || !last.isCounterReset(after: prev) {
                guard let (d, reconciled) = try? last.combined(with: prev, sign: -1) else {
                    note(.mixedExponentialCustomHistograms(metric: metric, pos))
                    return nil
                }
                if reconciled { note(.mismatchedCustomBuckets(.subtraction, pos)) }
                h = d
            }
            h.counterResetHint = .gauge
            h = h.compacted()
            return .histogram(isRate ? h.divided(by: Double(dt) / 1000) : h)
        default:
            note(.mixedFloatsHistograms(metric: metric, pos))
            return nil
        }
    }

    static let rate = make(isCounter: true, isRate: true)
    static let increase = make(isCounter: true, isRate: false)
    static let delta = make(isCounter: false, isRate: false)

    static func instant(isRate: Bool) -> FunctionImpl {
        { call in
            let (series, _) = try call.matrix(0)
            if series.anyHistograms {
                let pos = call.args[0].startPosition
                return .vector(mapSeriesValues(series.filter { $0.hasHistograms }) { s in
                    histogramInstant(s, isRate: isRate, at: pos) { call.evaluator.annotate($0) }
                } + instantFloats(series.filter { !$0.hasHistograms }, isRate: isRate))
            }
            return .vector(instantFloats(series, isRate: isRate))
        }
    }

    static func instantFloats(_ series: [ESeries], isRate: Bool) -> [ESample] {
        return mapSeries(series) { s in
            guard s.values.count >= 2 else { return nil }
            let last = s.values[s.values.endIndex - 1], prev = s.values[s.values.endIndex - 2]
            let dt = s.timestamps[s.timestamps.endIndex - 1] - s.timestamps[s.timestamps.endIndex - 2]
            var r = last - prev
            if isRate && last < prev { r = last }
            if dt == 0 { return nil }
            if isRate { r /= Double(dt) / 1000 }
            return r
        }
    }

    static let irate = instant(isRate: true)
    static let idelta = instant(isRate: false)

    /// Least-squares fit of value over time (seconds relative to `interceptTime`).
    static func linearRegression(_ s: ESeries, interceptTime: Int64) -> (slope: Double, intercept: Double) {
        var n = 0.0, sumX = 0.0, cX = 0.0, sumY = 0.0, cY = 0.0, sumXY = 0.0, cXY = 0.0, sumX2 = 0.0, cX2 = 0.0
        let initY = s.values[s.values.startIndex]
        var constY = true
        for (t, v) in zip(s.timestamps, s.values) {
            if constY && v != initY { constY = false }
            n += 1
            let x = Double(t - interceptTime) / 1000
            (sumX, cX) = kahanSumInc(x, sumX, cX)
            (sumY, cY) = kahanSumInc(v, sumY, cY)
            (sumXY, cXY) = kahanSumInc(x * v, sumXY, cXY)
            (sumX2, cX2) = kahanSumInc(x * x, sumX2, cX2)
        }
        if constY {
            if initY.isInfinite { return (.nan, .nan) }
            return (0, initY)
        }
        sumX += cX; sumY += cY; sumXY += cXY; sumX2 += cX2
        let covXY = sumXY - sumX * sumY / n
        let varX = sumX2 - sumX * sumX / n
        let slope = covXY / varX
        return (slope, sumY / n - slope * sumX / n)
    }

    static let deriv: FunctionImpl = { call in
        let (series, _) = try call.matrix(0)
        return .vector(mapSeries(series, ignoredHistograms: call.histogramsIgnored(in: series)) { s in
            guard s.values.count >= 2 else { return nil }
            return linearRegression(s, interceptTime: s.timestamps[s.timestamps.startIndex]).slope
        })
    }

    static let predictLinear: FunctionImpl = { call in
        let (series, _) = try call.matrix(0)
        let duration = try call.scalar(1)
        return .vector(mapSeries(series, ignoredHistograms: call.histogramsIgnored(in: series)) { s in
            guard s.values.count >= 2 else { return nil }
            // Prometheus predicts from the evaluation time, even under `@`.
            let (slope, intercept) = linearRegression(s, interceptTime: call.time)
            return slope * duration + intercept
        })
    }

    static let changes: FunctionImpl = { call in
        let (series, _) = try call.matrix(0)
        if series.anyHistograms {
            return .vector(mapSeriesValues(series) { s in
                let vals = s.sampleValues
                var n = 0.0
                for (a, b) in zip(vals, vals.dropFirst()) {
                    switch (a, b) {
                    case (.float(let x), .float(let y)): if x != y && !(x.isNaN && y.isNaN) { n += 1 }
                    case (.histogram(let x), .histogram(let y)): if !x.sameObservations(as: y) { n += 1 }
                    default: n += 1
                    }
                }
                return .float(n)
            })
        }
        return .vector(mapSeries(series) { s in
            var n = 0.0
            var prev = s.values[s.values.startIndex]
            for v in s.values.dropFirst() {
                if v != prev && !(v.isNaN && prev.isNaN) { n += 1 }
                prev = v
            }
            return n
        })
    }

    static let resets: FunctionImpl = { call in
        let (series, _) = try call.matrix(0)
        if series.anyHistograms {
            return .vector(mapSeriesValues(series) { s in
                let vals = s.sampleValues
                var n = 0.0
                for (a, b) in zip(vals, vals.dropFirst()) {
                    switch (a, b) {
                    case (.float(let x), .float(let y)): if y < x { n += 1 }
                    case (.histogram(let x), .histogram(let y)): if y.isCounterReset(after: x) { n += 1 }
                    default: n += 1
                    }
                }
                return .float(n)
            })
        }
        return .vector(mapSeries(series) { s in
            var n = 0.0
            var prev = s.values[s.values.startIndex]
            for v in s.values.dropFirst() {
                if v < prev { n += 1 }
                prev = v
            }
            return n
        })
    }
}
