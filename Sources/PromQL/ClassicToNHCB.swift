// Classic histograms (`x_bucket{le=...}`, `x_count`, `x_sum` float series) converted into
// native histograms with custom buckets (schema -53) named `x`, as Prometheus does for
// `convert_classic_histograms_to_nhcb` and promqltest's `load_with_nhcb`.

public enum ClassicToNHCB {
    struct Partial {
        var buckets: [Double: Double] = [:]   // le -> cumulative count
        var count: Double?
        var sum: Double?
    }

    /// `series`: label sets with one value per step (nil: no sample). Returns one native
    /// histogram series per classic histogram, values per step.
    public static func convert(_ series: [(Labels, [Double?])]) -> [(Labels, [FloatHistogram?])] {
        var order: [Labels] = []
        var steps: [Labels: [Int: Partial]] = [:]
        for (labels, values) in series {
            guard let name = labels.metricName else { continue }
            let kind: String, base: String
            if name.hasSuffix("_bucket") { kind = "bucket"; base = String(name.dropLast(7)) } else if name.hasSuffix("_count") {
                kind = "count"; base = String(name.dropLast(6))
            } else if name.hasSuffix("_sum") { kind = "sum"; base = String(name.dropLast(4)) } else { continue }
            var le = Double.nan
            if kind == "bucket" {
                guard let raw = labels["le"], let v = parseNumberLiteral(raw.trimmedSpaces), !v.isNaN else { continue }
                le = v
            }
            let key = labels.removing(["le"]).setting("__name__", base)
            if steps[key] == nil { order.append(key) }
            for (i, v) in values.enumerated() {
                guard let v, !isStaleNaN(v) else { continue }
                var p = steps[key]?[i] ?? Partial()
                switch kind {
                case "bucket": p.buckets[le] = v
                case "count": p.count = v
                default: p.sum = v
                }
                steps[key, default: [:]][i] = p
            }
        }
        var out: [(Labels, [FloatHistogram?])] = []
        for key in order {
            guard let byStep = steps[key], let last = byStep.keys.max() else { continue }
            var points: [FloatHistogram?] = Array(repeating: nil, count: last + 1)
            for (i, p) in byStep where !p.buckets.isEmpty {
                points[i] = histogram(p)
            }
            if points.contains(where: { $0 != nil }) { out.append((key, points)) }
        }
        return out
    }

    static func histogram(_ p: Partial) -> FloatHistogram {
        let bounds = p.buckets.keys.filter { $0 != .infinity }.sorted()
        var h = FloatHistogram(schema: FloatHistogram.customBucketsSchema)
        h.customValues = bounds
        var prev = 0.0
        var counts: [Double] = []
        for b in bounds {
            let c = p.buckets[b] ?? prev
            counts.append(c - prev)
            prev = c
        }
        let total = p.buckets[.infinity] ?? p.count ?? prev
        counts.append(total - prev)
        h.positive = HistogramBuckets(offset: 0, counts: counts)
        h.count = p.count ?? total
        h.sum = p.sum ?? 0
        return h
    }
}
