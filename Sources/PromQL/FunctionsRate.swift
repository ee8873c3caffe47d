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
                for s in series where !s.values.isEmpty {
                    if let name = s.labels.metricName, !Annotation.looksLikeCounter(name) {
                        a.add(.possibleNonCounter(metric: name, call.args[0].position))
                    }
                }
            }
            var arg = call.args[0]
            while case .paren(let x, _) = arg { arg = x }
            if case .matrixSelector(let vs, _, _) = arg, vs.anchored || vs.smoothed {
                return .vector(mapSeries(series) { ExtendedRange.rate($0, w, smoothed: vs.smoothed, isCounter: isCounter, isRate: isRate) })
            }
            return .vector(mapSeries(series) { extrapolated($0, w, isCounter: isCounter, isRate: isRate) })
        }
    }

    static let rate = make(isCounter: true, isRate: true)
    static let increase = make(isCounter: true, isRate: false)
    static let delta = make(isCounter: false, isRate: false)

    static func instant(isRate: Bool) -> FunctionImpl {
        { call in
            let (series, _) = try call.matrix(0)
            return .vector(mapSeries(series) { s in
                guard s.values.count >= 2 else { return nil }
                let last = s.values[s.values.endIndex - 1], prev = s.values[s.values.endIndex - 2]
                let dt = s.timestamps[s.timestamps.endIndex - 1] - s.timestamps[s.timestamps.endIndex - 2]
                var r = last - prev
                if isRate && last < prev { r = last }
                if dt == 0 { return nil }
                if isRate { r /= Double(dt) / 1000 }
                return r
            })
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
