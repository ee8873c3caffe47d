#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// histogram_quantile over classic buckets (`le` label) and native histograms; the
// native-histogram accessors histogram_count/sum/avg/stddev/stdvar and histogram_fraction.

enum HistogramFunctions {
    struct Bucket { var upper: Double; var count: Double }

    static func almostEqual(_ a: Double, _ b: Double, _ eps: Double) -> Bool {
        if a == b { return true }
        let minNormal = Double.leastNormalMagnitude
        let absSum = abs(a) + abs(b), diff = abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal { return diff < eps * minNormal }
        return diff / min(absSum, Double.greatestFiniteMagnitude) < eps
    }

    /// Whether bucketQuantile has to raise a cumulative count to keep the buckets monotonic
    /// (beyond float noise), which Prometheus reports as an info.
    static func needsMonotonicityFix(_ input: [Bucket]) -> Bool {
        var buckets: [Bucket] = []
        for b in input.sorted(by: { $0.upper < $1.upper }) {
            if let l = buckets.last, l.upper == b.upper { buckets[buckets.count - 1].count += b.count } else { buckets.append(b) }
        }
        guard buckets.count >= 2, buckets[buckets.count - 1].upper == .infinity else { return false }
        var prev = buckets[0].count
        for b in buckets.dropFirst() {
            if b.count == prev || almostEqual(prev, b.count, 1e-12) { continue }
            if b.count < prev { return true }
            prev = b.count
        }
        return false
    }

    static func bucketQuantile(_ q: Double, _ input: [Bucket]) -> Double {
        if q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        var buckets = input.sorted { $0.upper < $1.upper }
        guard let last = buckets.last, last.upper == .infinity else { return .nan }
        // Coalesce equal bounds.
        var merged: [Bucket] = []
        for b in buckets {
            if let l = merged.last, l.upper == b.upper { merged[merged.count - 1].count += b.count } else { merged.append(b) }
        }
        buckets = merged
        // Force monotonic counts, ignoring tiny float differences.
        var prev = buckets[0].count
        for i in 1..<buckets.count {
            let cur = buckets[i].count
            if cur == prev { continue }
            if almostEqual(prev, cur, 1e-12) || cur < prev { buckets[i].count = prev; continue }
            prev = cur
        }
        if buckets.count < 2 { return .nan }
        let observations = buckets[buckets.count - 1].count
        if observations == 0 { return .nan }
        var rank = q * observations
        var b = buckets.count - 1
        for i in 0..<(buckets.count - 1) where buckets[i].count >= rank { b = i; break }
        if b == buckets.count - 1 { return buckets[buckets.count - 2].upper }
        if b == 0 && buckets[0].upper <= 0 { return buckets[0].upper }
        var start = 0.0, count = buckets[b].count
        let end = buckets[b].upper
        if b > 0 {
            start = buckets[b - 1].upper
            count -= buckets[b - 1].count
            rank -= buckets[b - 1].count
        }
        return start + (end - start) * (rank / count)
    }

    /// The samples of a histogram function's vector argument: classic buckets grouped by
    /// their labels without `le`, and native histograms. A classic and a native histogram
    /// with the same labels are both left out (Prometheus warns about the mix). A float
    /// sample whose `le` does not parse is left out and handed to `badBucket`; the labels of
    /// each classic/native clash go to `mixed`.
    static func histogramInputs(_ vec: [ESample], badBucket: (ESample) -> Void = { _ in }, mixed: (Labels) -> Void = { _ in })
        -> (classic: [(Labels, [Bucket])], native: [(Labels, FloatHistogram)]) {
        var order: [Labels] = []
        var groups: [Labels: [Bucket]] = [:]
        var native: [(Labels, FloatHistogram)] = []
        for s in vec {
            if let h = s.histogram { native.append((s.labels, h)); continue }
            guard let le = s.labels["le"], let upper = parseNumberLiteral(le.trimmedSpaces) else { badBucket(s); continue }
            let key = s.labels.removing(["le"])
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(Bucket(upper: upper, count: s.value))
        }
        if native.isEmpty { return (order.map { ($0, groups[$0] ?? []) }, []) }
        let nativeKeys = Set(native.map(\.0))
        let conflicts = Set(order.filter { nativeKeys.contains($0) })
        for key in order where conflicts.contains(key) { mixed(key) }
        return (order.filter { !conflicts.contains($0) }.map { ($0, groups[$0] ?? []) },
                native.filter { !conflicts.contains($0.0) })
    }

    /// The histogram inputs of argument `arg`, with Prometheus's warnings about bad `le`
    /// labels and classic/native clashes.
    static func inputs(_ call: FunctionCall, arg: Int) throws -> (classic: [(Labels, [Bucket])], native: [(Labels, FloatHistogram)]) {
        let pos = call.args[arg].startPosition
        return histogramInputs(try call.vector(arg), badBucket: { s in
            call.evaluator.annotate(.badBucketLabel(metric: s.labels.metricName ?? "", le: s.labels["le"] ?? "", call.args[arg].position))
        }, mixed: { call.evaluator.annotate(.mixedClassicNativeHistograms(metric: $0.metricName ?? "", pos)) })
    }

    /// Quantile `q` of every input histogram, with the infos Prometheus attaches (at `pos`,
    /// the vector argument): forced monotonicity of classic buckets, NaN observations.
    static func quantileSamples(_ q: Double, _ classic: [(Labels, [Bucket])], _ native: [(Labels, FloatHistogram)],
                                at pos: SourcePosition, _ ev: Evaluator) -> [ESample] {
        if q >= 0 && q <= 1, ev.annotations != nil {
            for (labels, buckets) in classic where needsMonotonicityFix(buckets) {
                ev.annotate(.histogramQuantileForcedMonotonicity(metric: labels.metricName ?? "", pos))
            }
        }
        var out = classic.map { ESample(labels: $0.0, value: bucketQuantile(q, $0.1), dropName: true) }
        for (labels, h) in native {
            let v = nativeQuantile(q, h) { nan in
                let metric = labels.metricName ?? ""
                ev.annotate(nan == .resultIsNaN ? .histogramQuantileNaNResult(metric: metric, pos) : .histogramQuantileNaNSkew(metric: metric, pos))
            }
            out.append(ESample(labels: labels, value: v, dropName: true))
        }
        return out
    }

    static let quantile: FunctionImpl = { call in
        let q = try call.scalar(0)
        if !(q >= 0 && q <= 1) { call.evaluator.annotate(.invalidQuantile(q, call.args[0].position)) }
        let (classic, native) = try inputs(call, arg: 1)
        return .vector(quantileSamples(q, classic, native, at: call.args[1].startPosition, call.evaluator))
    }

    /// histogram_quantiles(v, "label", q1, q2, ...) (promql-experimental-functions): one
    /// sample per histogram and quantile, the quantile in `label` (`0.0`, `0.25`, `1.0`).
    static let quantiles: FunctionImpl = { call in
        let label = try call.string(1)
        guard isValidLabelName(label) else { throw EvaluationError("invalid label name \"\(label)\"") }
        let (classic, native) = try inputs(call, arg: 0)
        var out: [ESample] = []
        for i in 2..<call.args.count {
            let q = try call.scalar(i)
            if !(q >= 0 && q <= 1) { call.evaluator.annotate(.invalidQuantile(q, call.args[i].position)) }
            let value = formatOpenMetricsFloat(q)
            out += quantileSamples(q, classic, native, at: call.args[0].startPosition, call.evaluator).map { s in
                var s = s
                s.labels = s.labels.setting(label, value)
                return s
            }
        }
        return .vector(out)
    }

    /// Classic buckets as one histogram with custom buckets (sorted, equal bounds merged,
    /// counts forced monotonic); nil without a +Inf bucket.
    static func customBucketHistogram(_ input: [Bucket]) -> FloatHistogram? {
        var buckets: [Bucket] = []
        for b in input.sorted(by: { $0.upper < $1.upper }) {
            if let l = buckets.last, l.upper == b.upper { buckets[buckets.count - 1].count += b.count } else { buckets.append(b) }
        }
        guard let top = buckets.last, top.upper == .infinity else { return nil }
        var prev = 0.0, maxSoFar = -Double.infinity
        var counts: [Double] = []
        for b in buckets {
            let c = max(b.count, maxSoFar)
            maxSoFar = c
            counts.append(c - prev)
            prev = c
        }
        return FloatHistogram(schema: FloatHistogram.customBucketsSchema, count: top.count >= maxSoFar ? top.count : maxSoFar,
                              positive: HistogramBuckets(offset: 0, counts: counts),
                              customValues: buckets.dropLast().map(\.upper))
    }

    /// What NaN observations (a NaN sum, a count above the buckets' total) did to a quantile.
    enum NaNObservations { case resultIsNaN, skewedHigher }

    /// Prometheus's HistogramQuantile: exponential interpolation inside exponential
    /// buckets, linear in the zero bucket and in custom buckets. NaN observations count
    /// as above every bucket; `nan` hears what they did.
    static func nativeQuantile(_ q: Double, _ h: FloatHistogram, nan: (NaNObservations) -> Void = { _ in }) -> Double {
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        if h.count == 0 || q.isNaN { return .nan }
        var buckets = h.allBuckets()
        let forward = h.sum.isNaN || q < 0.5
        if !forward { buckets.reverse() }
        var rank = forward ? q * h.count : (1 - q) * h.count
        var count = 0.0
        var bucket = FloatHistogram.Bucket(lower: 0, upper: 0, count: 0)
        for b in buckets {
            bucket = b
            if b.count == 0 { continue }
            count += b.count
            if count >= rank { break }
        }
        let hasNeg = !h.negative.isEmpty, hasPos = !h.positive.isEmpty
        if !h.usesCustomBuckets && bucket.lower < 0 && bucket.upper > 0 {
            if !hasNeg && hasPos { bucket.lower = 0 } else if !hasPos && hasNeg { bucket.upper = 0 }
        } else if h.usesCustomBuckets {
            if bucket.lower == -.infinity {
                if bucket.upper <= 0 { return bucket.upper }
                bucket.lower = 0
            } else if bucket.upper == .infinity {
                return bucket.lower
            }
        }
        if count > h.count { count = h.count }
        // Short of the rank: NaN observations (not in any bucket) are above every quantile.
        if count < rank {
            if h.sum.isNaN { nan(.resultIsNaN); return .nan }
            return bucket.upper   // float noise in a histogram without NaNs
        }
        if forward { rank -= count - bucket.count } else { rank = count - rank }
        // A NaN sum with fewer bucket observations than the count: real NaN observations,
        // which push the quantile up (a NaN sum from -Inf and +Inf alone does not).
        if h.sum.isNaN, buckets.reduce(0, { $0 + $1.count }) < h.count { nan(.skewedHigher) }
        let fraction = rank / bucket.count
        if h.usesCustomBuckets || (bucket.lower <= 0 && bucket.upper >= 0) {
            return bucket.lower + (bucket.upper - bucket.lower) * fraction
        }
        let logLower = log2(abs(bucket.lower)), logUpper = log2(abs(bucket.upper))
        if bucket.lower > 0 { return exp2(logLower + (logUpper - logLower) * fraction) }
        return -exp2(logUpper + (logLower - logUpper) * (1 - fraction))
    }

    /// Prometheus's HistogramFraction: the share of observations in (lower, upper].
    /// `excludedNaNs` is called when NaN observations were left out of every fraction.
    static func fraction(_ lower: Double, _ upper: Double, _ h: FloatHistogram, excludedNaNs: () -> Void = {}) -> Double {
        if h.count == 0 || lower.isNaN || upper.isNaN { return .nan }
        if lower >= upper { return 0 }
        var rank = 0.0, lowerRank = 0.0, upperRank = 0.0
        var lowerSet = false, upperSet = false
        let hasNeg = !h.negative.isEmpty, hasPos = !h.positive.isEmpty
        for var b in h.allBuckets() {
            var zero = false
            if h.usesCustomBuckets {
                // The lowest custom bucket starts at 0 when its upper bound is positive.
                if b.lower == -.infinity && b.upper > 0 { b.lower = 0 }
            } else if b.lower <= 0 && b.upper >= 0 {
                zero = true
                if !hasNeg && hasPos { b.lower = 0 } else if !hasPos && hasNeg { b.upper = 0 }
            }
            // No interpolation inside a bucket of infinite width: a lower bound there takes
            // none of it, an upper bound none of it either.
            // No interpolation in a bucket of infinite width: its observations count as
            // being at the infinite end.
            func linear(_ v: Double) -> Double {
                if b.lower == -.infinity { return rank + b.count }
                if b.upper == .infinity { return rank }
                return rank + b.count * (v - b.lower) / (b.upper - b.lower)
            }
            func exponential(_ v: Double) -> Double {
                let ll = log2(abs(b.lower)), lu = log2(abs(b.upper)), lv = log2(abs(v))
                let f = v > 0 ? (lv - ll) / (lu - ll) : 1 - ((lv - lu) / (ll - lu))
                return rank + b.count * f
            }
            if !lowerSet && b.lower >= lower { lowerRank = rank; lowerSet = true }
            if !upperSet && b.lower >= upper { upperRank = rank; upperSet = true }
            if lowerSet && upperSet { break }
            if !lowerSet && b.lower < lower && b.upper > lower {
                lowerRank = h.usesCustomBuckets || zero ? linear(lower) : exponential(lower)
                lowerSet = true
            }
            if !upperSet && b.lower < upper && b.upper > upper {
                upperRank = h.usesCustomBuckets || zero ? linear(upper) : exponential(upper)
                upperSet = true
            }
            if lowerSet && upperSet { break }
            rank += b.count
        }
        // NaN observations (a NaN sum) are in no bucket and in no fraction.
        let total = h.sum.isNaN ? h.allBuckets().reduce(0) { $0 + $1.count } : h.count
        if total < h.count { excludedNaNs() }
        if !lowerSet || lowerRank > total { lowerRank = total }
        if !upperSet || upperRank > total { upperRank = total }
        return (upperRank - lowerRank) / h.count
    }

    /// Variance of the observations, each bucket standing at its (geometric) middle.
    static func variance(_ h: FloatHistogram) -> Double {
        let mean = h.sum / h.count
        var v = 0.0, c = 0.0
        for b in h.allBuckets() where b.count != 0 {
            var x: Double
            if h.usesCustomBuckets {
                x = (b.upper + b.lower) / 2
            } else if b.lower <= 0 && b.upper >= 0 {
                x = 0
            } else {
                x = (b.upper * b.lower).squareRoot()
                if b.upper < 0 { x = -x }
            }
            let d = x - mean
            (v, c) = kahanSumInc(b.count * d * d, v, c)
        }
        return (v + c) / h.count
    }

    /// One float per native histogram sample; float samples are left out.
    static func accessor(_ f: @escaping @Sendable (FloatHistogram) -> Double) -> FunctionImpl {
        { call in
            .vector(try call.vector(0).compactMap { s in
                s.histogram.map { ESample(labels: s.labels, value: f($0), dropName: true) }
            })
        }
    }

    static let count = accessor { $0.count }
    static let sum = accessor { $0.sum }
    static let avg = accessor { $0.sum / $0.count }
    static let stdvar = accessor { variance($0) }
    static let stddev = accessor { variance($0).squareRoot() }

    static let histogramFraction: FunctionImpl = { call in
        let lower = try call.scalar(0), upper = try call.scalar(1)
        let pos = call.args[2].startPosition
        let (classic, native) = histogramInputs(try call.vector(2), badBucket: { s in
            call.evaluator.annotate(.badBucketLabel(metric: s.labels.metricName ?? "", le: s.labels["le"] ?? "", call.args[2].position))
        }, mixed: { call.evaluator.annotate(.mixedClassicNativeHistograms(metric: $0.metricName ?? "", pos)) })
        return .vector(classic.map { l, b in
            ESample(labels: l, value: customBucketHistogram(b).map { fraction(lower, upper, $0) } ?? .nan, dropName: true)
        } + native.map { l, h in
            ESample(labels: l, value: fraction(lower, upper, h) {
                call.evaluator.annotate(.histogramFractionNaNs(metric: l.metricName ?? "", pos))
            }, dropName: true)
        })
    }
}

/// A float as OpenMetrics writes it (and Prometheus labels a quantile): Go's shortest
/// form, with `.0` after a whole number.
func formatOpenMetricsFloat(_ v: Double) -> String {
    let s = formatGoFloat(v)
    if v.isNaN || v.isInfinite || s.contains(".") || s.contains("e") { return s }
    return s + ".0"
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
