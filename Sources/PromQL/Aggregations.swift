// Aggregation operators: sum, avg, count, min, max, group, stddev, stdvar, quantile,
// topk, bottomk, count_values.

extension Evaluator {
    func groupKey(_ l: Labels, _ grouping: [String], without: Bool) -> Labels {
        if without { return l.removing(Set(grouping).union(metricIdentityLabels)) }
        return l.keeping(Set(grouping))
    }

    func evalAggregate(op: AggregateOp, expr: Expr, param: Expr?, grouping: [String], without: Bool, at aggregatePosition: SourcePosition, _ t: Int64) throws -> EValue {
        var vec = try vector(expr, t)
        let hasHistograms = vec.anyHistograms
        if hasHistograms, ![.sum, .avg, .count, .group, .countValues, .limitk, .limitRatio].contains(op) {
            // The other aggregations take float samples only, and say so.
            vec = vec.filter { $0.hbox == nil }
            let at = op == .topk || op == .bottomk ? aggregatePosition : expr.startPosition
            annotate(.histogramIgnoredInAggregation(op.rawValue, at))
        }
        switch op {
        case .topk, .bottomk:
            guard let param else { throw EvaluationError("\(op.rawValue) needs a parameter") }
            let k = try scalar(param, t)
            if k.isNaN { throw EvaluationError("Parameter value is NaN") }
            return .vector(topK(vec, k: k, bottom: op == .bottomk, grouping: grouping, without: without))
        case .countValues:
            guard let param, case .string(let label) = try eval(param, t) else {
                throw EvaluationError("count_values needs a string parameter")
            }
            guard isValidLabelName(label) else { throw EvaluationError("invalid label name \"\(label)\"") }
            var order: [Labels] = []
            var counts: [Labels: Int] = [:]
            for s in vec {
                let key = groupKey(s.labels, grouping, without: without).setting(label, s.histogram?.goString ?? formatGoFloat(s.value))
                if counts[key] == nil { order.append(key) }
                counts[key, default: 0] += 1
            }
            return .vector(order.map { ESample(labels: $0, value: Double(counts[$0] ?? 0)) })
        case .limitk:
            guard let param else { throw EvaluationError("limitk needs a parameter") }
            let k = try scalar(param, t)
            if k.isNaN { throw EvaluationError("Parameter value is NaN") }
            return .vector(limitK(vec, k: k, grouping: grouping, without: without))
        case .limitRatio:
            guard let param else { throw EvaluationError("limit_ratio needs a parameter") }
            let r = try scalar(param, t)
            if r.isNaN { throw EvaluationError("Ratio value is NaN") }
            if r < -1 || r > 1 { annotate(.invalidRatio(r, capped: Swift.max(-1, Swift.min(1, r)), param.position)) }
            return .vector(limitRatio(vec, ratio: r))
        default:
            break
        }
        var q = Double.nan
        if op == .quantile, let param {
            q = try scalar(param, t)
            if !(q >= 0 && q <= 1) { annotate(.invalidQuantile(q, param.position)) }
        }
        var order: [Labels] = []
        var groups: [Labels: [ESample]] = [:]
        for s in vec {
            let key = groupKey(s.labels, grouping, without: without)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(s)
        }
        var out: [ESample] = []
        for key in order {
            guard let members = groups[key] else { continue }
            if hasHistograms, op == .sum || op == .avg, members.anyHistograms {
                // Native histograms: summed (or averaged) when the whole group is histograms.
                guard let h = histogramSum(members, mean: op == .avg, at: expr.startPosition) else { continue }
                let drop = key["__name__"] != nil && members.contains { $0.dropName }
                out.append(ESample(labels: key, histogram: h, dropName: drop))
                continue
            }
            let values = members.map(\.value)
            let v: Double
            switch op {
            case .sum:
                var sum = 0.0, c = 0.0
                for x in values { (sum, c) = kahanSumInc(x, sum, c) }
                v = sum + c
            case .avg: v = average(values)
            case .count: v = Double(values.count)
            case .group: v = 1
            case .min: v = values.dropFirst().reduce(values[0]) { m, x in (m > x || m.isNaN) ? x : m }
            case .max: v = values.dropFirst().reduce(values[0]) { m, x in (m < x || m.isNaN) ? x : m }
            case .stddev: v = variance(values).squareRoot()
            case .stdvar: v = variance(values)
            case .quantile: v = quantileOf(q, values)
            default: continue
            }
            // Grouping by __name__ keeps the name, unless an input had it dropped.
            let drop = key["__name__"] != nil && members.contains { $0.dropName }
            out.append(ESample(labels: key, value: v, dropName: drop))
        }
        return .vector(out)
    }

    /// Sum or mean of native histogram samples; nil when floats are mixed in or
    /// exponential and custom buckets meet (with Prometheus's warnings, at `pos`).
    func histogramSum(_ members: [ESample], mean: Bool, at pos: SourcePosition) -> FloatHistogram? {
        var hs: [FloatHistogram] = []
        for m in members {
            guard let h = m.histogram else {
                annotate(.mixedFloatsHistogramsAggregation(pos))
                return nil
            }
            hs.append(h)
        }
        let factor = mean ? 1 / Double(hs.count) : 1
        guard let (sum, reconciled) = try? FloatHistogram.kahanSum(hs, factor: factor) else {
            let odd = members.first { $0.histogram?.usesCustomBuckets != hs[0].usesCustomBuckets }
            annotate(.mixedExponentialCustomHistograms(metric: odd?.labels.metricName ?? "", pos))
            return nil
        }
        if FloatHistogram.hintsConflict(hs) { annotate(.histogramCounterResetCollision(.aggregation, pos)) }
        if reconciled { annotate(.mismatchedCustomBuckets(.aggregation, pos)) }
        return sum.compacted()
    }

    func topK(_ vec: [ESample], k: Double, bottom: Bool, grouping: [String], without: Bool) -> [ESample] {
        guard k >= 1 else { return [] }
        let kk = k >= Double(Int.max) ? Int.max : Int(k)
        var order: [Labels] = []
        var groups: [Labels: [ESample]] = [:]
        for s in vec {
            let key = groupKey(s.labels, grouping, without: without)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(s)
        }
        // NaN sorts last either way.
        func before(_ a: ESample, _ b: ESample) -> Bool {
            if a.value.isNaN { return false }
            if b.value.isNaN { return true }
            return bottom ? a.value < b.value : a.value > b.value
        }
        var out: [ESample] = []
        for key in order {
            guard let members = groups[key] else { continue }
            let sorted = members.enumerated().sorted { x, y in
                before(x.element, y.element) || (!before(y.element, x.element) && x.offset < y.offset)
            }.map(\.element)
            out.append(contentsOf: sorted.prefix(kk))
        }
        return out
    }
}

func isValidLabelName(_ s: String) -> Bool {
    // Prometheus 3 accepts any valid UTF-8 name; reject empty and replacement characters
    // (which stand for invalid UTF-8 in the input).
    !s.isEmpty && !s.unicodeScalars.contains("\u{FFFD}")
}
