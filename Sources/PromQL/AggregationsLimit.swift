// limitk and limit_ratio (promql-experimental-functions): a subset of each group's series,
// with their labels and values unchanged.

extension Evaluator {
    /// limitk(k, v): the first k series of each group, in input order.
    func limitK(_ vec: [ESample], k: Double, grouping: [String], without: Bool) -> [ESample] {
        guard k >= 1 else { return [] }
        let kk = k >= Double(Int.max) ? Int.max : Int(k)
        var taken: [Labels: Int] = [:]
        var out: [ESample] = []
        for s in vec {
            let key = groupKey(s.labels, grouping, without: without)
            let n = taken[key, default: 0]
            if n < kk { out.append(s); taken[key] = n + 1 }
        }
        return out
    }

    /// limit_ratio(r, v): the series whose label hash, as a fraction of 2^64, is below r
    /// (r >= 0) or at least 1 + r (r < 0), so that limit_ratio(r) and limit_ratio(r - 1)
    /// are complements. Grouping does not change which series are kept.
    func limitRatio(_ vec: [ESample], ratio: Double) -> [ESample] {
        let r = Swift.max(-1, Swift.min(1, ratio))
        return vec.filter { s in
            let offset = Double(s.labels.prometheusHash) / Double(UInt64.max)
            return (r >= 0 && offset < r) || (r < 0 && offset >= 1 + r)
        }
    }
}
