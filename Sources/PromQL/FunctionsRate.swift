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
                // Anchored/smoothed windows hold float samples only.
                return .vector(mapSeries(series) { ExtendedRange.rate($0, w, smoothed: vs.smoothed, isCounter: isCounter, isRate: isRate) })
            }
            if series.anyHistograms {
                return .vector(mapSeriesValues(series) { s in
                    if s.hasHistograms { return histogramExtrapolated(s, w, isCounter: isCounter, isRate: isRate).map { .histogram($0) } }
                    return extrapolated(s, w, isCounter: isCounter, isRate: isRate).map { .float($0) }
                })
            }
            return .vector(mapSeries(series) { extrapolated($0, w, isCounter: isCounter, isRate: isRate) })
        }
    }

    /// The histogram change over a window of native histograms (counter resets added
    /// back for counters), at the lowest schema seen; nil for a mix with floats or of
    /// exponential and custom buckets.
    static func histogramChange(_ hs: [FloatHistogram], isCounter: Bool) -> FloatHistogram? {
        guard let first = hs.first, let last = hs.last else { return nil }
        var h: FloatHistogram
        if isCounter {
            // The increase of the first run of samples without a reset, plus the whole value
            // at the end of every later run: a reset starts from zero.
            var runEnds: [FloatHistogram] = []
            var firstRunLength = 1
            var prev = first
            for cur in hs.dropFirst() {
                if cur.isCounterReset(after: prev) { runEnds.append(prev) } else if runEnds.isEmpty { firstRunLength += 1 }
                prev = cur
            }
            runEnds.append(last)
            // A first run of one sample adds nothing (and may have another bucket layout).
            let firstIncrease = firstRunLength > 1 || runEnds.count == 1 ? runEnds[0] : nil
            var acc: FloatHistogram
            if let end = firstIncrease {
                guard let d = try? end.combined(with: first, sign: -1).histogram else { return nil }
                acc = d
            } else {
                acc = runEnds[1].scaled(by: 0)
            }
            for end in runEnds.dropFirst() {
                guard let r = try? acc.combined(with: end, sign: 1).histogram else { return nil }
                acc = r
            }
            h = acc
        } else {
            if last.usesCustomBuckets != first.usesCustomBuckets { return nil }
            guard let d = try? last.combined(with: first, sign: -1).histogram else { return nil }
            h = d
        }
        h.counterResetHint = .gauge
        return h.compacted()
    }

    /// rate/increase/delta of a series of native histograms: extrapolated like floats,
    /// without the limit at zero.
    static func histogramExtrapolated(_ s: ESeries, _ w: RangeWindow, isCounter: Bool, isRate: Bool) -> FloatHistogram? {
        guard let hs = s.allHistograms, hs.count >= 2, let change = histogramChange(hs, isCounter: isCounter) else { return nil }
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

    /// irate/idelta of the last two native histograms.
    static func histogramInstant(_ s: ESeries, isRate: Bool) -> FloatHistogram? {
        let n = s.histograms.count
        guard n >= 2, let last = s.histograms[s.histograms.endIndex - 1], let prev = s.histograms[s.histograms.endIndex - 2] else { return nil }
        let dt = s.timestamps[s.timestamps.endIndex - 1] - s.timestamps[s.timestamps.endIndex - 2]
        if dt == 0 { return nil }
        var h: FloatHistogram
        if isRate && last.isCounterReset(after: prev) {
            h = last
        } else {
            guard last.usesCustomBuckets == prev.usesCustomBuckets,
                  let d = try? last.combined(with: prev, sign: -1).histogram else { return nil }
            h = d
        }
        if isRate { h = h.divided(by: Double(dt) / 1000) }
        h.counterResetHint = .gauge
        return h.compacted()
    }

    static let rate = make(isCounter: true, isRate: true)
    static let increase = make(isCounter: true, isRate: false)
    static let delta = make(isCounter: false, isRate: false)

    static func instant(isRate: Bool) -> FunctionImpl {
        { call in
            let (series, _) = try call.matrix(0)
            if series.anyHistograms {
                return .vector(mapSeriesValues(series.filter { $0.hasHistograms }) { s in
                    histogramInstant(s, isRate: isRate).map { .histogram($0) }
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
        return .vector(mapSeries(series) { s in
            guard s.values.count >= 2 else { return nil }
            return linearRegression(s, interceptTime: s.timestamps[s.timestamps.startIndex]).slope
        })
    }

    static let predictLinear: FunctionImpl = { call in
        let (series, _) = try call.matrix(0)
        let duration = try call.scalar(1)
        return .vector(mapSeries(series) { s in
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
