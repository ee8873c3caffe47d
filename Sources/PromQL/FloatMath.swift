// Float helpers with Prometheus's (Go's) exact semantics: compensated sums, mean,
// variance, quantile, Go's Max/Min and FormatFloat.

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

/// Mean with Kahan summation, switching to an incremental mean if the sum overflows.
func average(_ values: [Double]) -> Double {
    var sum = 0.0, mean = 0.0, count = 0.0, c = 0.0
    var incremental = false
    for x in values {
        count += 1
        if !incremental {
            let (ns, nc) = kahanSumInc(x, sum, c)
            if count == 1 || !ns.isInfinite { sum = ns; c = nc; continue }
            incremental = true
            mean = sum / (count - 1)
            c /= (count - 1)
        }
        let q = (count - 1) / count
        (mean, c) = kahanSumInc(x / count, q * mean, q * c)
    }
    if incremental { return mean + c }
    return sum / count + c / count
}

/// Population variance (Welford, compensated), as Prometheus's stdvar.
func variance(_ values: [Double]) -> Double {
    var count = 0.0, mean = 0.0, cMean = 0.0, aux = 0.0, cAux = 0.0
    for x in values {
        count += 1
        let delta = x - (mean + cMean)
        (mean, cMean) = kahanSumInc(delta / count, mean, cMean)
        (aux, cAux) = kahanSumInc(delta * (x - (mean + cMean)), aux, cAux)
    }
    return (aux + cAux) / count
}
