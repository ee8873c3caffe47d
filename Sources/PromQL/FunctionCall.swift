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

// MARK: helpers shared by the families

/// Apply `f` to every sample's value; the metric name is dropped (delayed).
func mapValues(_ vec: [ESample], _ f: (Double) -> Double) -> [ESample] {
    vec.map { ESample(labels: $0.labels, value: f($0.value), dropName: true) }
}

/// One output sample per input series for which `f` yields a value.
func mapSeries(_ series: [ESeries], keepName: Bool = false, _ f: (ESeries) -> Double?) -> [ESample] {
    series.compactMap { s in
        guard let v = f(s) else { return nil }
        return ESample(labels: s.labels, value: v, dropName: keepName ? s.dropName : true)
    }
}

/// Kahan-Neumaier compensated summation step, as Prometheus does it.
@inline(__always)
func kahanSumInc(_ inc: Double, _ sum: Double, _ c: Double) -> (Double, Double) {
    let t = sum + inc
    var c = c
    if t.isInfinite { c = 0 } else if abs(sum) >= abs(inc) { c += (sum - t) + inc } else { c += (inc - t) + sum }
    return (t, c)
}

/// Go's math.Max / math.Min: NaN wins, and +0 > -0.
func goMax(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    if a == 0 && b == 0 { return a.sign == .minus ? b : a }
    return a > b ? a : b
}
func goMin(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    if a == 0 && b == 0 { return a.sign == .minus ? a : b }
    return a < b ? a : b
}

/// Prometheus's quantile over plain values (linear interpolation between closest ranks).
func quantileOf(_ q: Double, _ values: [Double]) -> Double {
    if values.isEmpty || q.isNaN { return .nan }
    if q < 0 { return -.infinity }
    if q > 1 { return .infinity }
    // NaN sorts first, as in Prometheus.
    let sorted = values.sorted { a, b in a.isNaN ? !b.isNaN : (b.isNaN ? false : a < b) }
    let n = Double(sorted.count)
    let rank = q * (n - 1)
    let lower = max(0, Int(rank.rounded(.down)))
    let upper = min(sorted.count - 1, lower + 1)
    let weight = rank - rank.rounded(.down)
    return sorted[lower] * (1 - weight) + sorted[upper] * weight
}

/// Go's strconv.FormatFloat(v, 'f', -1, 64): shortest representation, never an exponent.
func formatGoFloat(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v == .infinity { return "+Inf" }
    if v == -.infinity { return "-Inf" }
    let s = "\(v)"
    var mantissa = s, exp = 0
    if let eIdx = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = String(s[..<eIdx])
        exp = Int(s[s.index(after: eIdx)...]) ?? 0
    }
    var neg = false
    if mantissa.hasPrefix("-") { neg = true; mantissa.removeFirst() }
    var intPart = mantissa, frac = ""
    if let dot = mantissa.firstIndex(of: ".") {
        intPart = String(mantissa[..<dot]); frac = String(mantissa[mantissa.index(after: dot)...])
    }
    var digits = intPart + frac
    var pointPos = intPart.count + exp
    while digits.count > 1 && digits.hasPrefix("0") && pointPos > 1 { digits.removeFirst(); pointPos -= 1 }
    if pointPos <= 0 { digits = String(repeating: "0", count: -pointPos + 1) + digits; pointPos = 1 }
    if pointPos > digits.count { digits += String(repeating: "0", count: pointPos - digits.count) }
    var ip = String(digits.prefix(pointPos)), fp = String(digits.dropFirst(pointPos))
    while fp.hasSuffix("0") { fp.removeLast() }
    while ip.count > 1 && ip.hasPrefix("0") { ip.removeFirst() }
    if ip.isEmpty { ip = "0" }
    let body = fp.isEmpty ? ip : ip + "." + fp
    return (neg ? "-" : "") + body
}
