// histogram_quantile over classic buckets (`le` label). The native-histogram functions
// have no input in a float-only store and return nothing.

enum HistogramFunctions {
    struct Bucket { var upper: Double; var count: Double }

    static func almostEqual(_ a: Double, _ b: Double, _ eps: Double) -> Bool {
        if a == b { return true }
        let minNormal = Double.leastNormalMagnitude
        let absSum = abs(a) + abs(b), diff = abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal { return diff < eps * minNormal }
        return diff / min(absSum, Double.greatestFiniteMagnitude) < eps
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

    static let quantile: FunctionImpl = { call in
        let q = try call.scalar(0)
        let vec = try call.vector(1)
        if !(q >= 0 && q <= 1) { call.evaluator.annotate(.invalidQuantile(q, call.args[0].position)) }
        var order: [Labels] = []
        var groups: [Labels: [Bucket]] = [:]
        for s in vec {
            guard let le = s.labels["le"], let upper = parseNumberLiteral(le.trimmedSpaces) else {
                call.evaluator.annotate(.badBucketLabel(metric: s.labels.metricName ?? "", le: s.labels["le"] ?? "", call.args[1].position))
                continue
            }
            let key = s.labels.removing(["le", "__name__"])
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(Bucket(upper: upper, count: s.value))
        }
        return .vector(order.map { ESample(labels: $0, value: bucketQuantile(q, groups[$0] ?? [])) })
    }

    static let nativeOnly: FunctionImpl = { _ in .vector([]) }
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
