/// What a function implementation gets: its argument expressions, the evaluator and the
/// evaluation time. Implementations evaluate the arguments they need.
struct FunctionCall: Sendable {
    let evaluator: Evaluator
    let args: [Expr]
    let time: Int64

    func vector(_ i: Int) throws -> [ESample] { try evaluator.vector(args[i], time) }
    func scalar(_ i: Int) throws -> Double { try evaluator.scalar(args[i], time) }
    func string(_ i: Int) throws -> String {
        if case .string(let s) = try evaluator.eval(args[i], time) { return s }
        throw EvaluationError("expected string argument")
    }

    /// A range-vector argument: its series and the window they were selected from.
    func matrix(_ i: Int) throws -> (series: [ESeries], window: RangeWindow) {
        var e = args[i]
        while case .paren(let x, _) = e { e = x }
        switch e {
        case .matrixSelector(let vs, let range, _): return evaluator.selectMatrix(vs, rangeMs: range, time)
        case .subquery: return try evaluator.evalSubquery(e, time)
        default: throw EvaluationError("expected range vector argument")
        }
    }
}

typealias FunctionImpl = @Sendable (FunctionCall) throws -> EValue

extension FunctionCall {
    /// Prometheus's info for a function that reads only the floats of a range with both
    /// floats and histograms (at the range argument `arg`); nil when `series` has no
    /// histograms, so that the float path builds no closure.
    func histogramsIgnored(in series: [ESeries], arg: Int = 0) -> ((ESeries) -> Void)? {
        guard series.anyHistograms else { return nil }
        return { s in evaluator.annotate(.histogramIgnoredInMixedRange(metric: s.labels.metricName ?? "", args[arg].startPosition)) }
    }
}

// MARK: helpers shared by the families

/// Apply `f` to every float sample's value (native histogram samples are left out, as in
/// Prometheus); the metric name is dropped (delayed).
func mapValues(_ vec: [ESample], _ f: (Double) -> Double) -> [ESample] {
    if vec.anyHistograms {
        return vec.compactMap { $0.hbox != nil ? nil : ESample(labels: $0.labels, value: f($0.value), dropName: true) }
    }
    return vec.map { ESample(labels: $0.labels, value: f($0.value), dropName: true) }
}

/// One output sample per input series for which `f` yields a value. `f` sees only the
/// float samples of a series (a series of native histograms only is left out).
/// `ignoredHistograms` hears of each series whose histograms were left out next to floats.
func mapSeries(_ series: [ESeries], keepName: Bool = false, ignoredHistograms: ((ESeries) -> Void)? = nil,
               _ f: (ESeries) -> Double?) -> [ESample] {
    series.compactMap { s in
        if s.hasHistograms {
            guard let floats = s.floatsOnly else { return nil }
            if floats.values.count < s.values.count { ignoredHistograms?(s) }
            guard let v = f(floats) else { return nil }
            return ESample(labels: s.labels, value: v, dropName: keepName ? s.dropName : true)
        }
        guard let v = f(s) else { return nil }
        return ESample(labels: s.labels, value: v, dropName: keepName ? s.dropName : true)
    }
}

/// Like mapSeries, for functions defined on native histograms too: `f` sees every sample.
func mapSeriesValues(_ series: [ESeries], keepName: Bool = false, _ f: (ESeries) -> SampleValue?) -> [ESample] {
    series.compactMap { s in
        switch f(s) {
        case nil: return nil
        case .float(let v): return ESample(labels: s.labels, value: v, dropName: keepName ? s.dropName : true)
        case .histogram(let h): return ESample(labels: s.labels, histogram: h, dropName: keepName ? s.dropName : true)
        }
    }
}

extension ESeries {
    /// The float samples only; nil when there are none.
    var floatsOnly: ESeries? {
        var ts: [Int64] = [], vs: [Double] = []
        for (i, h) in zip(timestamps.indices, histograms) where h == nil {
            ts.append(timestamps[i]); vs.append(values[values.startIndex + (i - timestamps.startIndex)])
        }
        if ts.isEmpty { return nil }
        return ESeries(labels: labels, timestamps: ts[...], values: vs[...], dropName: dropName)
    }

    /// Every sample as a float or a histogram.
    var sampleValues: [SampleValue] {
        if !hasHistograms { return values.map { .float($0) } }
        return zip(values, histograms).map { v, h in h.map { .histogram($0) } ?? .float(v) }
    }

    /// The histograms, when every sample is one; nil otherwise.
    var allHistograms: [FloatHistogram]? {
        guard hasHistograms else { return nil }
        var out: [FloatHistogram] = []
        out.reserveCapacity(histograms.count)
        for h in histograms { guard let h else { return nil }; out.append(h) }
        return out
    }
}
