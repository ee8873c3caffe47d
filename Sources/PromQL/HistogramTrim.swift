#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The histogram trim operators `</` (keep the observations below a threshold) and `>/`
// (keep those above it), as Prometheus's FloatHistogram.TrimBuckets defines them. Buckets
// wholly on the kept side stay, the bucket holding the threshold keeps its interpolated
// share (linear in custom buckets and the zero bucket, exponential in exponential
// buckets), the rest go. When anything went, count and sum are recomputed from what is
// left, every bucket's share standing at the middle of its kept interval (geometric for
// exponential buckets, arithmetic otherwise); buckets with an infinite bound are kept or
// dropped whole, as their distribution is unknown.

extension FloatHistogram {
    /// `self </ threshold` (`keepBelow`) or `self >/ threshold`.
    public func trimmed(at threshold: Double, keepBelow: Bool) -> FloatHistogram {
        var h = self
        var count = 0.0, sum = 0.0
        var changed = false
        var hasPositive = false, hasNegative = false
        let linear = usesCustomBuckets

        func trimSide(_ side: HistogramBuckets, positive: Bool) -> HistogramBuckets {
            var out = side
            for i in side.counts.indices where side.counts[i] != 0 {
                let c = side.counts[i]
                let (lower, upper) = bucketBounds(side.offset + i, positive: positive)
                if positive { hasPositive = true } else { hasNegative = true }
                let wholeKept = keepBelow ? upper <= threshold : lower >= threshold
                let partly = keepBelow ? lower < threshold : upper > threshold
                if wholeKept {
                    count += c
                    sum = sum.addingProduct(HistogramTrim.midpoint(lower, upper, positive: positive, linear: linear), c)
                } else if partly {
                    let (kept, mid) = HistogramTrim.partialBucket(lower, upper, c, threshold, keepBelow: keepBelow,
                                                                 positive: positive, linear: linear)
                    count += kept
                    sum = sum.addingProduct(mid, kept)
                    if kept != c { out.counts[i] = kept; changed = true }
                } else {
                    out.counts[i] = 0
                    changed = true
                }
            }
            return out
        }
        h.positive = trimSide(positive, positive: true)
        h.negative = trimSide(negative, positive: false)
        if zeroCount > 0 {
            let (kept, mid) = HistogramTrim.zeroBucket(-zeroThreshold, zeroThreshold, zeroCount, threshold, keepBelow: keepBelow,
                                                       hasNegative: hasNegative, hasPositive: hasPositive)
            if kept != zeroCount { h.zeroCount = kept; changed = true }
            sum = sum.addingProduct(mid, kept)
            count += kept
        }
        guard changed else { return self }
        h.count = count
        h.sum = sum
        return h.compacted()
    }

    /// Lower and upper bound of bucket `index` on one side.
    func bucketBounds(_ index: Int, positive: Bool) -> (lower: Double, upper: Double) {
        if usesCustomBuckets {
            let lower = index == 0 ? -Double.infinity : (index - 1 < customValues.count ? customValues[index - 1] : .infinity)
            let upper = index < customValues.count ? customValues[index] : .infinity
            return (lower, upper)
        }
        let lo = FloatHistogram.exponentialUpper(index - 1, schema), hi = FloatHistogram.exponentialUpper(index, schema)
        return positive ? (lo, hi) : (-hi, -lo)
    }
}

enum HistogramTrim {
    /// Where the observations of the kept interval (lower, upper] are taken to be.
    static func midpoint(_ lower: Double, _ upper: Double, positive: Bool, linear: Bool) -> Double {
        if lower.isInfinite {
            if upper.isInfinite { return 0 }
            return upper > 0 ? upper / 2 : upper
        }
        if upper.isInfinite { return lower }
        if linear { return (lower + upper) / 2 }
        let g = abs(lower * upper).squareRoot()
        return positive ? g : -g
    }

    /// The share of a bucket's count at or below `v`.
    static func shareBelow(_ lower: Double, _ upper: Double, _ count: Double, _ v: Double, positive: Bool, linear: Bool) -> Double {
        if v <= lower { return 0 }
        if v >= upper { return count }
        let fraction: Double
        if linear {
            fraction = (v - lower) / (upper - lower)
        } else {
            let ll = log2(abs(lower)), lu = log2(abs(upper)), lv = log2(abs(v))
            fraction = positive ? (lv - ll) / (lu - ll) : 1 - (lv - lu) / (ll - lu)
        }
        return count * fraction
    }

    /// The kept count and its midpoint for the bucket that holds the threshold.
    static func partialBucket(_ lower: Double, _ upper: Double, _ count: Double, _ t: Double, keepBelow: Bool,
                              positive: Bool, linear: Bool) -> (kept: Double, midpoint: Double) {
        if lower == -.infinity || upper == .infinity { return infiniteBucket(lower, upper, count, t, keepBelow: keepBelow) }
        let below = shareBelow(lower, upper, count, t, positive: positive, linear: linear)
        if keepBelow { return (below, midpoint(lower, t, positive: positive, linear: linear)) }
        return (count - below, midpoint(t, upper, positive: positive, linear: linear))
    }

    /// A bucket with an infinite bound (custom buckets only): kept or dropped whole, except
    /// that a lowest bucket with a positive finite upper bound is taken to start at 0.
    static func infiniteBucket(_ lower: Double, _ upper: Double, _ count: Double, _ t: Double, keepBelow: Bool) -> (kept: Double, midpoint: Double) {
        func finite(_ x: Double) -> Double { x.isInfinite ? 0 : x }
        if lower == -.infinity {
            if keepBelow {
                if t >= upper { return (count, 0) }
                if t > 0 && upper > 0 && upper != .infinity { return (count * t / upper, t / 2) }
                if upper <= 0 { return (count, t) }
                return (0, finite(upper))
            }
            if t <= lower { return (count, 0) }
            if t >= 0 && upper > t && upper != .infinity { return (count * (1 - t / upper), (t + upper) / 2) }
            return (0, finite(upper))
        }
        // upper == +Inf
        if keepBelow { return (0, finite(lower)) }
        if t >= lower { return (count, t) }
        return (0, finite(lower))
    }

    /// The zero bucket [lower, upper], narrowed to the side that has buckets when only one
    /// side has any; linear inside.
    static func zeroBucket(_ zl: Double, _ zu: Double, _ count: Double, _ t: Double, keepBelow: Bool,
                           hasNegative: Bool, hasPositive: Bool) -> (kept: Double, midpoint: Double) {
        var lower = zl, upper = zu
        if hasNegative && !hasPositive { upper = 0 }
        if hasPositive && !hasNegative { lower = 0 }
        if keepBelow {
            if t <= lower { return (0, 0) }
            if t >= upper { return (count, (lower + upper) / 2) }
            return (count * (t - lower) / (upper - lower), (lower + t) / 2)
        }
        if t <= lower { return (count, (lower + upper) / 2) }
        if t >= upper { return (0, 0) }
        return (count * (upper - t) / (upper - lower), (t + upper) / 2)
    }
}
