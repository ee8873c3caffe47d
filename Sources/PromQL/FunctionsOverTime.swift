// The *_over_time family: aggregations of each series over its window.

enum OverTimeFunctions {
    static func make(keepName: Bool = false, _ f: @escaping @Sendable (ESeries) -> Double?) -> FunctionImpl {
        { call in
            let (series, _) = try call.matrix(0)
            return .vector(mapSeries(series, keepName: keepName, ignoredHistograms: call.histogramsIgnored(in: series), f))
        }
    }

    /// For the functions defined on native histograms too: `f` sees every sample. A series
    /// without histograms takes the float path `floats`.
    static func makeAll(keepName: Bool = false, floats: @escaping @Sendable (ESeries) -> Double?,
                        _ f: @escaping @Sendable (ESeries, FunctionCall) -> SampleValue?) -> FunctionImpl {
        { call in
            let (series, _) = try call.matrix(0)
            if !series.anyHistograms { return .vector(mapSeries(series, keepName: keepName, floats)) }
            return .vector(mapSeriesValues(series, keepName: keepName) { s in s.hasHistograms ? f(s, call) : floats(s).map { .float($0) } })
        }
    }

    static func makeAll(keepName: Bool = false, floats: @escaping @Sendable (ESeries) -> Double?,
                        _ f: @escaping @Sendable (ESeries) -> SampleValue?) -> FunctionImpl {
        makeAll(keepName: keepName, floats: floats) { s, _ in f(s) }
    }

    /// Sum (or mean) of a window of native histograms; nil for a mix with floats or of
    /// exponential and custom buckets (with Prometheus's warnings).
    static func histogramSum(_ s: ESeries, mean: Bool, _ call: FunctionCall) -> SampleValue? {
        let pos = call.args[0].startPosition, metric = s.labels.metricName ?? ""
        guard let hs = s.allHistograms else {
            if s.histograms.contains(where: { $0 != nil }) { call.evaluator.annotate(.mixedFloatsHistograms(metric: metric, pos)) }
            return nil
        }
        guard !hs.isEmpty else { return nil }
        guard let (acc, reconciled) = try? FloatHistogram.kahanSum(hs, factor: mean ? 1 / Double(hs.count) : 1) else {
            call.evaluator.annotate(.mixedExponentialCustomHistograms(metric: metric, pos))
            return nil
        }
        if FloatHistogram.hintsConflict(hs) { call.evaluator.annotate(.histogramCounterResetCollision(.aggregation, pos)) }
        if reconciled { call.evaluator.annotate(.mismatchedCustomBuckets(.aggregation, pos)) }
        return .histogram(acc.compacted())
    }

    static let avg = makeAll(floats: { average(Array($0.values)) }) { histogramSum($0, mean: true, $1) }
    static let sum = makeAll(floats: { s in
        var sum = 0.0, c = 0.0
        for v in s.values { (sum, c) = kahanSumInc(v, sum, c) }
        return sum + c
    }) { histogramSum($0, mean: false, $1) }
    static let count = makeAll(floats: { Double($0.values.count) }) { .float(Double($0.values.count)) }
    static let min = make { s in
        s.values.dropFirst().reduce(s.values[s.values.startIndex]) { m, x in (x < m || m.isNaN) ? x : m }
    }
    static let max = make { s in
        s.values.dropFirst().reduce(s.values[s.values.startIndex]) { m, x in (x > m || m.isNaN) ? x : m }
    }
    static let last = makeAll(keepName: true, floats: { $0.values.last }) { $0.sampleValues.last }
    static let first = makeAll(keepName: true, floats: { $0.values.first }) { $0.sampleValues.first }
    static let present = makeAll(floats: { _ in 1 }) { _ in .float(1) }
    static let stddev = make { variance(Array($0.values)).squareRoot() }
    static let stdvar = make { variance(Array($0.values)) }
    static let mad = make { s in
        let vals = Array(s.values)
        if vals.contains(where: \.isNaN) { return .nan }
        let median = quantileOf(0.5, vals)
        return quantileOf(0.5, vals.map { abs($0 - median) })
    }
    static let tsOfLast = makeAll(floats: { s in s.timestamps.last.map { Double($0) / 1000 } }) { s in s.timestamps.last.map { .float(Double($0) / 1000) } }
    static let tsOfFirst = makeAll(floats: { s in s.timestamps.first.map { Double($0) / 1000 } }) { s in s.timestamps.first.map { .float(Double($0) / 1000) } }
    static let tsOfMax = make { s in
        var best = s.values[s.values.startIndex], bt = s.timestamps[s.timestamps.startIndex]
        for (t, v) in zip(s.timestamps, s.values) where v >= best || best.isNaN { best = v; bt = t }
        return Double(bt) / 1000
    }
    static let tsOfMin = make { s in
        var best = s.values[s.values.startIndex], bt = s.timestamps[s.timestamps.startIndex]
        for (t, v) in zip(s.timestamps, s.values) where v <= best || best.isNaN { best = v; bt = t }
        return Double(bt) / 1000
    }

    static let quantile: FunctionImpl = { call in
        let q = try call.scalar(0)
        let (series, _) = try call.matrix(1)
        if !(q >= 0 && q <= 1), series.contains(where: { !$0.values.isEmpty }) {
            call.evaluator.annotate(.invalidQuantile(q, call.args[0].position))
        }
        return .vector(mapSeries(series, ignoredHistograms: call.histogramsIgnored(in: series, arg: 1)) { quantileOf(q, Array($0.values)) })
    }

    static let absentOverTime: FunctionImpl = { call in
        let (series, _) = try call.matrix(0)
        if !series.isEmpty { return .vector([]) }
        return .vector([ESample(labels: AbsentFunctions.labels(from: call.args[0]), value: 1)])
    }

    static let doubleExponentialSmoothing: FunctionImpl = { call in
        let (series, _) = try call.matrix(0)
        let sf = try call.scalar(1), tf = try call.scalar(2)
        guard sf > 0, sf < 1 else { throw EvaluationError("invalid smoothing factor. Expected: 0 < sf < 1, got: \(sf)") }
        guard tf > 0, tf < 1 else { throw EvaluationError("invalid trend factor. Expected: 0 < tf < 1, got: \(tf)") }
        return .vector(mapSeries(series, ignoredHistograms: call.histogramsIgnored(in: series)) { s in
            let v = Array(s.values)
            guard v.count >= 2 else { return nil }
            var s1 = v[0], b = v[1] - v[0], s0 = 0.0
            for i in 1..<v.count {
                let x = sf * v[i], y = (1 - sf) * (s1 + b)
                s0 = s1; s1 = x + y
                if i < v.count - 1 { b = tf * (s1 - s0) + (1 - tf) * b }
            }
            return s1
        })
    }
}
