#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Binary operators: scalar/scalar, vector/scalar, vector/vector with one-to-one,
// many-to-one/one-to-many matching, and the set operators and/or/unless.

/// The arithmetic or comparison of two values; `keep` false filters the sample out.
func binaryValue(_ op: BinaryOp, _ l: Double, _ r: Double) -> (value: Double, keep: Bool) {
    switch op {
    case .add: return (l + r, true)
    case .sub: return (l - r, true)
    case .mul: return (l * r, true)
    case .div: return (l / r, true)
    case .pow: return (pow(l, r), true)
    case .mod: return (fmod(l, r), true)
    case .atan2: return (atan2(l, r), true)
    case .eql: return (l, l == r)
    case .neq: return (l, l != r)
    case .gtr: return (l, l > r)
    case .lss: return (l, l < r)
    case .gte: return (l, l >= r)
    case .lte: return (l, l <= r)
    case .and, .or, .unless, .trimUpper, .trimLower: return (.nan, false)
    }
}

/// An operation with a native histogram on at least one side, as Prometheus defines it:
/// histogram +/- histogram, histogram * float, float * histogram, histogram / float,
/// histogram ==/!= histogram. Anything else has no result (`result` nil) and an info that
/// names the types; the notes are the annotations Prometheus attaches (at `pos`, the start
/// of the binary expression).
func histogramBinaryValue(_ op: BinaryOp, _ l: SampleValue, _ r: SampleValue, at pos: SourcePosition)
    -> (result: (value: SampleValue, keep: Bool)?, notes: [Annotation]) {
    func incompatible(_ a: String, _ b: String) -> (result: (value: SampleValue, keep: Bool)?, notes: [Annotation]) {
        (nil, [.incompatibleTypesInBinOp(a, op, b, pos)])
    }
    switch (l, r) {
    case (.histogram(let a), .histogram(let b)):
        switch op {
        case .add, .sub:
            guard let (sum, reconciled) = try? a.combined(with: b, sign: op == .add ? 1 : -1) else {
                return (nil, [.incompatibleBucketLayoutInBinOp(op, pos)])
            }
            var h = sum
            if op == .sub { h.counterResetHint = .gauge }   // a difference is a gauge
            let operation: HistogramOperation = op == .add ? .addition : .subtraction
            var notes: [Annotation] = []
            if FloatHistogram.hintsCollide(a.counterResetHint, b.counterResetHint) { notes.append(.histogramCounterResetCollision(operation, pos)) }
            if reconciled { notes.append(.mismatchedCustomBuckets(operation, pos)) }
            return ((.histogram(h.compacted()), true), notes)
        case .eql: return ((l, a.sameObservations(as: b)), [])
        case .neq: return ((l, !a.sameObservations(as: b)), [])
        default: return incompatible("histogram", "histogram")
        }
    case (.histogram(let a), .float(let b)):
        switch op {
        case .mul: return ((.histogram(a.scaled(by: b)), true), [])
        case .div: return ((.histogram(a.divided(by: b)), true), [])
        case .trimUpper, .trimLower: return ((.histogram(a.trimmed(at: b, keepBelow: op == .trimUpper)), true), [])
        default: return incompatible("histogram", "float")
        }
    case (.float(let a), .histogram(let b)):
        return op == .mul ? ((.histogram(b.scaled(by: a)), true), []) : incompatible("float", "histogram")
    case (.float(let a), .float(let b)):
        if op.isTrim { return incompatible("float", "float") }
        let (v, keep) = binaryValue(op, a, b)
        return ((.float(v), keep), [])
    }
}

extension ESample {
    var sampleValue: SampleValue { histogram.map { .histogram($0) } ?? .float(value) }
}

extension Evaluator {
    /// The output sample of an operation involving a native histogram, or nil. Its
    /// annotations go to `notes` (Prometheus reports those of the last sample that had any).
    func histogramBinarySample(_ op: BinaryOp, _ l: SampleValue, _ r: SampleValue, labels: Labels,
                               returnBool: Bool, dropName: Bool, at pos: SourcePosition, notes: inout [Annotation]) -> ESample? {
        let (result, new) = histogramBinaryValue(op, l, r, at: pos)
        if !new.isEmpty { notes = new }
        guard let (v, keep) = result else { return nil }
        if returnBool { return ESample(labels: labels, value: keep ? 1 : 0, dropName: dropName) }
        guard keep else { return nil }
        switch v {
        case .float(let f): return ESample(labels: labels, value: f, dropName: dropName)
        case .histogram(let h): return ESample(labels: labels, histogram: h, dropName: dropName)
        }
    }

    func evalBinary(op: BinaryOp, lhs: Expr, rhs: Expr, matching: VectorMatching?, returnBool: Bool, _ t: Int64) throws -> EValue {
        if op.isTrim, !histogramStatsVetoed {
            // Trimming needs the buckets: no stats decoding below.
            var ev = self
            ev.histogramStatsVetoed = true
            return try ev.evalBinary(op: op, lhs: lhs, rhs: rhs, matching: matching, returnBool: returnBool, t)
        }
        let lv = try eval(lhs, t), rv = try eval(rhs, t)
        switch (lv, rv) {
        case (.scalar, .scalar) where op.isTrim:
            throw EvaluationError("operator \"\(op.rawValue)\" not allowed for Scalar operations")
        case (.scalar(let a), .scalar(let b)):
            let (v, keep) = binaryValue(op, a, b)
            if op.isComparison { return .scalar(keep ? 1 : 0) }
            return .scalar(v)
        case (.vector(let vec), .scalar(let s)):
            if op.isTrim || vec.anyHistograms { return .vector(histogramVectorScalar(op, vec, s, swap: false, returnBool: returnBool, at: lhs.startPosition)) }
            return .vector(vectorScalar(op, vec, s, swap: false, returnBool: returnBool))
        case (.scalar(let s), .vector(let vec)):
            if op.isTrim || vec.anyHistograms { return .vector(histogramVectorScalar(op, vec, s, swap: true, returnBool: returnBool, at: lhs.startPosition)) }
            return .vector(vectorScalar(op, vec, s, swap: true, returnBool: returnBool))
        case (.vector(let a), .vector(let b)):
            let m = matching ?? VectorMatching(cardinality: op.isSetOperator ? .manyToMany : .oneToOne)
            switch op {
            case .and: return .vector(setAnd(a, b, m))
            case .or: return .vector(setOr(a, b, m))
            case .unless: return .vector(setUnless(a, b, m))
            default: return .vector(try vectorVector(op, a, b, m, returnBool: returnBool, at: lhs.startPosition))
            }
        default:
            throw EvaluationError("binary expression must contain only scalar and instant vector types")
        }
    }

    /// vector op scalar where the vector has native histogram samples.
    func histogramVectorScalar(_ op: BinaryOp, _ vec: [ESample], _ s: Double, swap: Bool, returnBool: Bool, at pos: SourcePosition) -> [ESample] {
        var notes: [Annotation] = []
        let out = vec.compactMap { x in
            if x.hbox == nil && !op.isTrim { return vectorScalar(op, [x], s, swap: swap, returnBool: returnBool).first }
            let drop = x.dropName || !op.keepsMetricName || returnBool
            let (l, r): (SampleValue, SampleValue) = swap ? (.float(s), x.sampleValue) : (x.sampleValue, .float(s))
            return histogramBinarySample(op, l, r, labels: x.labels, returnBool: returnBool, dropName: drop, at: pos, notes: &notes)
        }
        notes.forEach { annotate($0) }
        return out
    }

    func vectorScalar(_ op: BinaryOp, _ vec: [ESample], _ s: Double, swap: Bool, returnBool: Bool) -> [ESample] {
        var out: [ESample] = []
        out.reserveCapacity(vec.count)
        for x in vec {
            let (l, r) = swap ? (s, x.value) : (x.value, s)
            var (v, keep) = binaryValue(op, l, r)
            if op.isComparison && swap { v = x.value }
            if returnBool { v = keep ? 1 : 0; keep = true }
            guard keep else { continue }
            let drop = x.dropName || !op.isComparison || returnBool
            out.append(ESample(labels: x.labels, value: v, dropName: drop))
        }
        return out
    }

    /// Labels that decide which samples match.
    func signature(_ l: Labels, _ m: VectorMatching) -> Labels {
        if m.on { return l.keeping(Set(m.matchingLabels)) }
        return l.removing(Set(m.matchingLabels).union(["__name__"]))
    }

    func vectorVector(_ op: BinaryOp, _ lhsIn: [ESample], _ rhsIn: [ESample], _ m: VectorMatching, returnBool: Bool, at pos: SourcePosition) throws -> [ESample] {
        if m.cardinality == .manyToMany {
            throw EvaluationError("many-to-many only allowed for set operators")
        }
        // The "one" side is indexed; for group_right the sides swap.
        let swapSides = m.cardinality == .oneToMany
        let (manyIn, one) = swapSides ? (rhsIn, lhsIn) : (lhsIn, rhsIn)
        var many = manyIn
        var oneBySig: [Labels: ESample] = [:]
        for s in one {
            let sig = signature(s.labels, m)
            if let prev = oneBySig[sig] {
                let side = swapSides ? "left" : "right"
                let pair = [prev.labels, s.labels].sorted()
                throw EvaluationError("found duplicate series for the match group \(sig.braced) on the \(side) hand-side of the operation: [\(pair[0].braced), \(pair[1].braced)];many-to-many matching not allowed: matching labels must be unique on one side")
            }
            oneBySig[sig] = s
        }
        if m.fillLeft != nil || m.fillRight != nil { addFillSamples(many: &many, oneBySig: &oneBySig, m) }
        var out: [ESample] = []
        var notes: [Annotation] = []
        defer { notes.forEach { annotate($0) } }
        var insertedSigs: Set<Labels> = []
        var insertedLabels: Set<Labels> = []
        for s in many {
            let sig = signature(s.labels, m)
            guard let o = oneBySig[sig] else { continue }
            // Checked before filtering, so a comparison cannot hide an ambiguous match.
            if m.cardinality == .oneToOne, !insertedSigs.insert(sig).inserted {
                throw EvaluationError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
            }
            if s.hbox != nil || o.hbox != nil || op.isTrim {
                let (l, r) = swapSides ? (o.sampleValue, s.sampleValue) : (s.sampleValue, o.sampleValue)
                let labels = resultLabels(s.labels, o.labels, m)
                let drop = !op.keepsMetricName || returnBool || s.dropName
                guard var res = histogramBinarySample(op, l, r, labels: labels, returnBool: returnBool, dropName: drop, at: pos, notes: &notes) else { continue }
                if op.isComparison && !returnBool { res.hbox = s.hbox; res.value = s.value }
                if m.cardinality != .oneToOne, !insertedLabels.insert(labels).inserted {
                    throw EvaluationError("multiple matches for labels: grouping labels must ensure unique matches")
                }
                out.append(res)
                continue
            }
            let (l, r) = swapSides ? (o.value, s.value) : (s.value, o.value)
            var (v, keep) = binaryValue(op, l, r)
            if op.isComparison && swapSides { v = s.value }
            if returnBool { v = keep ? 1 : 0; keep = true }
            guard keep else { continue }
            let labels = resultLabels(s.labels, o.labels, m)
            if m.cardinality != .oneToOne, !insertedLabels.insert(labels).inserted {
                throw EvaluationError("multiple matches for labels: grouping labels must ensure unique matches")
            }
            let drop = !op.isComparison || returnBool || s.dropName
            out.append(ESample(labels: labels, value: v, dropName: drop))
        }
        return out
    }

    /// The output labels of a matched pair, from the "many" side.
    func resultLabels(_ many: Labels, _ one: Labels, _ m: VectorMatching) -> Labels {
        var out = many
        if m.cardinality == .oneToOne {
            out = m.on ? out.keeping(Set(m.matchingLabels)) : out.removing(Set(m.matchingLabels).subtracting(["__name__"]))
        }
        for k in m.include {
            out = out.setting(k, one[k] ?? "")   // an empty value removes the label
        }
        return out
    }

    func setAnd(_ a: [ESample], _ b: [ESample], _ m: VectorMatching) -> [ESample] {
        let sigs = Set(b.map { signature($0.labels, m) })
        return a.filter { sigs.contains(signature($0.labels, m)) }
    }

    func setOr(_ a: [ESample], _ b: [ESample], _ m: VectorMatching) -> [ESample] {
        let sigs = Set(a.map { signature($0.labels, m) })
        return a + b.filter { !sigs.contains(signature($0.labels, m)) }
    }

    func setUnless(_ a: [ESample], _ b: [ESample], _ m: VectorMatching) -> [ESample] {
        let sigs = Set(b.map { signature($0.labels, m) })
        return a.filter { !sigs.contains(signature($0.labels, m)) }
    }
}

extension Labels {
    /// Prometheus's labels.String(): `{__name__="x", a="b"}`, every label inside the braces.
    var braced: String {
        "{" + items.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ", ") + "}"
    }
}
