#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// A native histogram sample (Prometheus's FloatHistogram). Buckets are kept dense: one
// array per side starting at `offset`, so bucket `offset + i` has count `buckets[i]`
// (zero counts inside the range are allowed). Exponential schemas -4...8: bucket k covers
// (base^(k-1), base^k] with base 2^(2^-schema), mirrored for the negative side; the zero
// bucket covers [-zeroThreshold, zeroThreshold]. Custom-bucket schema -53: bucket k covers
// (customValues[k-1], customValues[k]], the first from -Inf, the last to +Inf.

public enum CounterResetHint: String, Sendable, Hashable {
    case unknown, reset, notReset = "not_reset", gauge
}

public struct HistogramBuckets: Sendable, Hashable {
    public var offset: Int
    public var counts: [Double]
    public init(offset: Int = 0, counts: [Double] = []) { self.offset = offset; self.counts = counts }

    public var isEmpty: Bool { counts.isEmpty }
    var endIndex: Int { offset + counts.count }

    func count(at index: Int) -> Double {
        let i = index - offset
        return i >= 0 && i < counts.count ? counts[i] : 0
    }

    /// Add `v` to bucket `index`, growing the dense range as needed.
    mutating func add(_ v: Double, at index: Int) {
        if counts.isEmpty { offset = index; counts = [v]; return }
        if index < offset {
            counts.insert(contentsOf: Array(repeating: 0, count: offset - index), at: 0)
            offset = index
        } else if index >= endIndex {
            counts.append(contentsOf: Array(repeating: 0, count: index - endIndex + 1))
        }
        counts[index - offset] += v
    }

    /// Without leading and trailing zero buckets.
    func trimmed() -> HistogramBuckets {
        guard let first = counts.firstIndex(where: { $0 != 0 }), let last = counts.lastIndex(where: { $0 != 0 }) else {
            return HistogramBuckets()
        }
        return HistogramBuckets(offset: offset + first, counts: Array(counts[first...last]))
    }

    func mapped(_ f: (Double) -> Double) -> HistogramBuckets {
        HistogramBuckets(offset: offset, counts: counts.map(f))
    }
}

public enum HistogramError: Error, Sendable, Equatable {
    case mixedSchemas            // exponential and custom buckets
}

public struct FloatHistogram: Sendable, Hashable, CustomStringConvertible {
    public static let customBucketsSchema = -53

    public var schema: Int = 0
    public var zeroThreshold: Double = 0
    public var zeroCount: Double = 0
    public var count: Double = 0
    public var sum: Double = 0
    public var positive = HistogramBuckets()
    public var negative = HistogramBuckets()
    public var customValues: [Double] = []
    public var counterResetHint: CounterResetHint = .unknown

    public init(schema: Int = 0, zeroThreshold: Double = 0, zeroCount: Double = 0, count: Double = 0, sum: Double = 0,
                positive: HistogramBuckets = HistogramBuckets(), negative: HistogramBuckets = HistogramBuckets(),
                customValues: [Double] = [], counterResetHint: CounterResetHint = .unknown) {
        self.schema = schema; self.zeroThreshold = zeroThreshold; self.zeroCount = zeroCount
        self.count = count; self.sum = sum; self.positive = positive; self.negative = negative
        self.customValues = customValues; self.counterResetHint = counterResetHint
    }

    public var usesCustomBuckets: Bool { schema == FloatHistogram.customBucketsSchema }

    // MARK: bucket boundaries

    /// Upper bound of exponential bucket `index` (positive side) at `schema`.
    static func exponentialUpper(_ index: Int, _ schema: Int) -> Double {
        if schema <= 0 {
            let e = index << (-schema)
            return scalbn(1.0, Int32(clamping: e))
        }
        let per = 1 << schema
        var e = index / per, r = index % per
        if r < 0 { r += per; e -= 1 }
        return scalbn(exp2(Double(r) / Double(per)), Int32(clamping: e))
    }

    /// One bucket in iteration order: lower and upper bound and its count.
    public struct Bucket: Sendable, Hashable {
        public var lower: Double
        public var upper: Double
        public var count: Double
        public var isZeroBucket = false
    }

    /// All buckets from the lowest to the highest value: negative buckets, the zero bucket
    /// (when it has a count or a width), positive buckets.
    public func allBuckets() -> [Bucket] {
        var out: [Bucket] = []
        if usesCustomBuckets {
            for (i, c) in positive.counts.enumerated() {
                let k = positive.offset + i
                let lower = k == 0 ? -Double.infinity : (k - 1 < customValues.count ? customValues[k - 1] : .infinity)
                let upper = k < customValues.count ? customValues[k] : .infinity
                out.append(Bucket(lower: lower, upper: upper, count: c))
            }
            return out
        }
        for (i, c) in negative.counts.enumerated().reversed() {
            let k = negative.offset + i
            out.append(Bucket(lower: -FloatHistogram.exponentialUpper(k, schema), upper: -FloatHistogram.exponentialUpper(k - 1, schema), count: c))
        }
        if zeroCount != 0 || zeroThreshold != 0 {
            out.append(Bucket(lower: -zeroThreshold, upper: zeroThreshold, count: zeroCount, isZeroBucket: true))
        }
        for (i, c) in positive.counts.enumerated() {
            let k = positive.offset + i
            out.append(Bucket(lower: FloatHistogram.exponentialUpper(k - 1, schema), upper: FloatHistogram.exponentialUpper(k, schema), count: c))
        }
        return out
    }

    // MARK: shape changes

    /// The same histogram at a lower (coarser) exponential schema.
    public func reduced(to target: Int) -> FloatHistogram {
        guard !usesCustomBuckets, target < schema else { return self }
        var h = self
        let shift = schema - target
        func reduce(_ b: HistogramBuckets) -> HistogramBuckets {
            var out = HistogramBuckets()
            for (i, c) in b.counts.enumerated() {
                let k = b.offset + i
                out.add(c, at: ((k - 1) >> shift) + 1)
            }
            return out
        }
        h.positive = reduce(positive); h.negative = reduce(negative)
        h.schema = target
        return h
    }

    /// Widen the zero bucket to `threshold`, moving the buckets it now covers into it.
    /// A threshold inside a bucket grows to that bucket's upper bound.
    func widenedZeroBucket(to threshold: Double) -> FloatHistogram {
        guard !usesCustomBuckets, threshold > zeroThreshold else { return self }
        var h = self
        var t = threshold
        // Every bucket whose lower bound is below the threshold joins the zero bucket.
        while true {
            var moved = false
            for side in [true, false] {
                var b = side ? h.positive : h.negative
                while !b.counts.isEmpty, FloatHistogram.exponentialUpper(b.offset - 1, schema) < t {
                    h.zeroCount += b.counts[0]
                    let upper = FloatHistogram.exponentialUpper(b.offset, schema)
                    if upper > t { t = upper }
                    b.counts.removeFirst(); b.offset += 1
                    moved = true
                }
                if b.counts.isEmpty { b = HistogramBuckets() }
                if side { h.positive = b } else { h.negative = b }
            }
            if !moved { break }
        }
        h.zeroThreshold = t
        return h
    }

    /// Without zero buckets at the edges (Prometheus's Compact(0) up to span layout).
    public func compacted() -> FloatHistogram {
        var h = self
        h.positive = positive.trimmed(); h.negative = negative.trimmed()
        return h
    }

    // MARK: arithmetic

    public func scaled(by f: Double) -> FloatHistogram {
        var h = self
        h.count *= f; h.sum *= f; h.zeroCount *= f
        h.positive = positive.mapped { $0 * f }; h.negative = negative.mapped { $0 * f }
        return h
    }

    /// Division by a float; by zero, every observation lands in the zero bucket (as in
    /// Prometheus, the result has no other buckets).
    public func divided(by f: Double) -> FloatHistogram {
        var h = self
        h.count /= f; h.sum /= f; h.zeroCount /= f
        if f == 0 {
            h.positive = HistogramBuckets(); h.negative = HistogramBuckets()
            return h
        }
        h.positive = positive.mapped { $0 / f }; h.negative = negative.mapped { $0 / f }
        return h
    }

    /// The custom bounds both histograms share, and whether they differed.
    static func commonBounds(_ a: [Double], _ b: [Double]) -> (bounds: [Double], reconciled: Bool) {
        if a == b { return (a, false) }
        let sb = Set(b)
        return (a.filter { sb.contains($0) }, true)
    }

    /// Custom buckets regrouped onto `bounds` (a subset of the current bounds).
    func rebucketed(onto bounds: [Double]) -> FloatHistogram {
        guard usesCustomBuckets, bounds != customValues else { return self }
        var h = self
        var out = HistogramBuckets()
        for (i, c) in positive.counts.enumerated() {
            let k = positive.offset + i
            let upper = k < customValues.count ? customValues[k] : .infinity
            var j = 0
            while j < bounds.count && bounds[j] < upper { j += 1 }
            out.add(c, at: j)
        }
        h.positive = out
        h.customValues = bounds
        return h
    }

    /// self + sign * other. Schemas meet at the lower one, zero buckets at the wider one,
    /// custom bounds at their common ones (`reconciled` tells). Throws for a mix of
    /// exponential and custom buckets.
    public func combined(with other: FloatHistogram, sign: Double) throws(HistogramError) -> (histogram: FloatHistogram, reconciled: Bool) {
        if usesCustomBuckets != other.usesCustomBuckets { throw .mixedSchemas }
        var a = self, b = other
        var reconciled = false
        if usesCustomBuckets {
            let (bounds, r) = FloatHistogram.commonBounds(a.customValues, b.customValues)
            reconciled = r
            a = a.rebucketed(onto: bounds); b = b.rebucketed(onto: bounds)
        } else {
            let s = min(a.schema, b.schema)
            a = a.reduced(to: s); b = b.reduced(to: s)
            let zt = max(a.zeroThreshold, b.zeroThreshold)
            a = a.widenedZeroBucket(to: zt); b = b.widenedZeroBucket(to: a.zeroThreshold)
            a = a.widenedZeroBucket(to: b.zeroThreshold)
        }
        a.counterResetHint = FloatHistogram.combinedHint(self.counterResetHint, other.counterResetHint)
        a.count += sign * b.count
        a.sum += sign * b.sum
        a.zeroCount += sign * b.zeroCount
        for (i, c) in b.positive.counts.enumerated() { a.positive.add(sign * c, at: b.positive.offset + i) }
        for (i, c) in b.negative.counts.enumerated() { a.negative.add(sign * c, at: b.negative.offset + i) }
        return (a, reconciled)
    }

    /// The hint of a sum: the same hints stay, a gauge makes a gauge, anything else
    /// (including a reset meeting a not-reset) is unknown.
    static func combinedHint(_ a: CounterResetHint, _ b: CounterResetHint) -> CounterResetHint {
        if a == b { return a }
        if a == .gauge || b == .gauge { return .gauge }
        return .unknown
    }

    /// Whether adding these hints is a conflict (a counter reset meeting a not-reset).
    static func hintsCollide(_ a: CounterResetHint, _ b: CounterResetHint) -> Bool {
        (a == .reset && b == .notReset) || (a == .notReset && b == .reset)
    }

    /// Whether a sum of these would meet a counter reset and a not-reset (Prometheus warns).
    static func hintsConflict(_ hs: [FloatHistogram]) -> Bool {
        hs.contains { $0.counterResetHint == .reset } && hs.contains { $0.counterResetHint == .notReset }
    }

    /// The Kahan (Neumaier) sum of histograms, each multiplied by `factor` first (a mean
    /// uses 1/n, so that large counts do not overflow). All are brought to one layout: the
    /// lowest schema, the widest zero bucket, the common custom bounds (`reconciled` tells
    /// whether bounds differed). Throws for a mix of exponential and custom buckets.
    public static func kahanSum(_ hs: [FloatHistogram], factor: Double = 1) throws(HistogramError) -> (histogram: FloatHistogram, reconciled: Bool) {
        guard var first = hs.first else { return (FloatHistogram(), false) }
        if hs.contains(where: { $0.usesCustomBuckets != first.usesCustomBuckets }) { throw .mixedSchemas }
        var all = hs
        var reconciled = false
        if first.usesCustomBuckets {
            var bounds = first.customValues
            for h in hs.dropFirst() where h.customValues != bounds {
                bounds = commonBounds(bounds, h.customValues).bounds
                reconciled = true
            }
            all = all.map { $0.rebucketed(onto: bounds) }
        } else {
            let s = all.map(\.schema).min() ?? first.schema
            all = all.map { $0.reduced(to: s) }
            var zt = all.map(\.zeroThreshold).max() ?? 0
            while true {
                all = all.map { $0.widenedZeroBucket(to: zt) }
                let next = all.map(\.zeroThreshold).max() ?? zt
                if next == zt { break }
                zt = next
            }
        }
        first = all[0]
        func ksum(_ xs: [Double]) -> Double {
            var sum = 0.0, c = 0.0
            for x in xs { (sum, c) = kahanSumInc(x * factor, sum, c) }
            return sum + c
        }
        func ksumBuckets(_ sides: [HistogramBuckets]) -> HistogramBuckets {
            let nonEmpty = sides.filter { !$0.isEmpty }
            guard let lo = nonEmpty.map(\.offset).min(), let hi = nonEmpty.map(\.endIndex).max() else { return HistogramBuckets() }
            return HistogramBuckets(offset: lo, counts: (lo..<hi).map { k in ksum(nonEmpty.map { $0.count(at: k) }) })
        }
        var out = first
        out.count = ksum(all.map(\.count))
        out.sum = ksum(all.map(\.sum))
        out.zeroCount = ksum(all.map(\.zeroCount))
        out.positive = ksumBuckets(all.map(\.positive))
        out.negative = ksumBuckets(all.map(\.negative))
        out.counterResetHint = hs.dropFirst().reduce(hs[0].counterResetHint) { combinedHint($0, $1.counterResetHint) }
        return (out, reconciled)
    }

    // MARK: counter resets

    /// Whether `self` (the later sample) is a counter reset relative to `previous`.
    public func isCounterReset(after previous: FloatHistogram) -> Bool {
        switch counterResetHint {
        case .reset: return true
        case .notReset, .gauge: return false
        case .unknown: break
        }
        if count < previous.count { return true }
        if usesCustomBuckets != previous.usesCustomBuckets { return true }
        if usesCustomBuckets {
            // Changed bounds are compared on the bounds both share.
            let (common, _) = FloatHistogram.commonBounds(previous.customValues, customValues)
            return rebucketed(onto: common).bucketsDecreased(previous.rebucketed(onto: common))
        }
        if schema > previous.schema { return true }
        if zeroThreshold < previous.zeroThreshold { return true }
        var prev = previous.reduced(to: schema)
        if zeroThreshold > prev.zeroThreshold { prev = prev.widenedZeroBucket(to: zeroThreshold) }
        if zeroCount < prev.zeroCount { return true }
        return bucketsDecreased(prev)
    }

    private func bucketsDecreased(_ prev: FloatHistogram) -> Bool {
        for (i, c) in prev.positive.counts.enumerated() where positive.count(at: prev.positive.offset + i) < c { return true }
        for (i, c) in prev.negative.counts.enumerated() where negative.count(at: prev.negative.offset + i) < c { return true }
        return false
    }

    /// The same observations: equal after compaction, whatever the counter reset hints.
    public func sameObservations(as o: FloatHistogram) -> Bool {
        var a = compacted(), b = o.compacted()
        a.counterResetHint = .unknown; b.counterResetHint = .unknown
        return a == b
    }

    // MARK: equality as the test scripts compare

    /// Equal up to zero buckets at the edges, with a relative tolerance on the floats;
    /// the counter reset hint only when `compareHint`.
    public func approximatelyEquals(_ o: FloatHistogram, compareHint: Bool, epsilon: Double = 1e-6) -> Bool {
        let a = compacted(), b = o.compacted()
        guard a.schema == b.schema, almostEqual(a.count, b.count, epsilon), almostEqual(a.sum, b.sum, epsilon),
              a.zeroThreshold == b.zeroThreshold, almostEqual(a.zeroCount, b.zeroCount, epsilon) else { return false }
        if a.usesCustomBuckets && a.customValues != b.customValues { return false }
        for (x, y) in [(a.positive, b.positive), (a.negative, b.negative)] {
            guard x.offset == y.offset || (x.isEmpty && y.isEmpty), x.counts.count == y.counts.count else { return false }
            for (p, q) in zip(x.counts, y.counts) where !almostEqual(p, q, epsilon) { return false }
        }
        if compareHint && a.counterResetHint != b.counterResetHint { return false }
        return true
    }

    /// Go's FloatHistogram.String(), which count_values uses as the label value:
    /// `{count:20, sum:10, [-2,-1):2, [-0.001,0.001]:2, (0.5,1]:1}`.
    public var goString: String {
        var parts = ["count:\(formatGoFloat(count))", "sum:\(formatGoFloat(sum))"]
        for b in allBuckets() where b.count != 0 {
            let range = "\(formatGoFloat(b.lower)),\(formatGoFloat(b.upper))"
            if b.isZeroBucket {
                parts.append("[\(range)]:\(formatGoFloat(b.count))")
            } else if b.upper <= 0 && !usesCustomBuckets {
                parts.append("[\(range)):\(formatGoFloat(b.count))")
            } else {
                parts.append("(\(range)]:\(formatGoFloat(b.count))")
            }
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    // MARK: notation

    /// Prometheus's TestExpression(): the canonical notation promtool compares
    /// (`{{schema:1 count:3 sum:2 counter_reset_hint:not_reset buckets:[1 2] offset:-1}}`).
    public var testExpression: String {
        let h = compacted()
        var parts: [String] = []
        func list(_ v: [Double]) -> String { "[" + v.map(formatGoFloat).joined(separator: " ") + "]" }
        if h.schema != 0 { parts.append("schema:\(h.schema)") }
        if h.count != 0 { parts.append("count:\(formatGoFloat(h.count))") }
        if h.sum != 0 { parts.append("sum:\(formatGoFloat(h.sum))") }
        if h.zeroCount != 0 { parts.append("z_bucket:\(formatGoFloat(h.zeroCount))") }
        if h.zeroThreshold != 0 { parts.append("z_bucket_w:\(formatGoFloat(h.zeroThreshold))") }
        if h.usesCustomBuckets { parts.append("custom_values:\(list(h.customValues))") }
        if h.counterResetHint != .unknown { parts.append("counter_reset_hint:\(h.counterResetHint.rawValue)") }
        if !h.positive.isEmpty {
            parts.append("buckets:\(list(h.positive.counts))")
            if h.positive.offset != 0 { parts.append("offset:\(h.positive.offset)") }
        }
        if !h.negative.isEmpty {
            parts.append("n_buckets:\(list(h.negative.counts))")
            if h.negative.offset != 0 { parts.append("n_offset:\(h.negative.offset)") }
        }
        return "{{" + parts.joined(separator: " ") + "}}"
    }

    /// The promqltest notation, as Prometheus prints it in test messages.
    public var description: String { testExpression }
}

/// Relative comparison with Prometheus's almost.Equal semantics (NaN equals NaN).
func almostEqual(_ a: Double, _ b: Double, _ eps: Double) -> Bool {
    if a.isNaN && b.isNaN { return true }
    if a == b { return true }
    let minNormal = Double.leastNormalMagnitude
    let absSum = abs(a) + abs(b), diff = abs(a - b)
    if a == 0 || b == 0 || absSum < minNormal { return diff < eps * minNormal }
    return diff / min(absSum, Double.greatestFiniteMagnitude) < eps
}
