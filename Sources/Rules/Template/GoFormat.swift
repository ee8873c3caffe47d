import Foundation

/// Go's float formatting (`%v`, `%g`, `%e`, `%f`, `strconv.FormatFloat`), which alert
/// templates and promtool's failure output print with.
enum GoFormat {
    /// Shortest decimal digits and decimal exponent of `d` (finite, non-zero, positive).
    static func shortestDigits(_ d: Double) -> (digits: [Character], exponent: Int) {
        // Swift's description is shortest round-trip; normalise it to digits + exponent.
        var s = "\(d)"
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(s[s.index(after: e)...]) ?? 0
            s = String(s[..<e])
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let frac = parts.count > 1 ? String(parts[1]) : ""
        var digits = Array(intPart + frac)
        var pointPos = intPart.count + exp
        while digits.first == "0", digits.count > 1 { digits.removeFirst(); pointPos -= 1 }
        while digits.last == "0", digits.count > 1 { digits.removeLast() }
        return (digits, pointPos - 1)
    }

    /// Formats like Go's strconv.FormatFloat(d, fmt, prec, 64) for fmt in g/G/e/E/f.
    static func float(_ d: Double, verb: Character, precision: Int?) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        switch verb {
        case "v", "g", "G":
            if let p = precision {
                var r = String(format: "%.\(max(p, 1))g", d)
                if verb == "G" { r = r.uppercased() }
                return r
            }
            return shortest(d, upper: verb == "G", forceExp: false)
        case "e", "E":
            if let p = precision {
                let r = String(format: "%.\(p)e", d)
                return verb == "E" ? r.uppercased() : r
            }
            return shortest(d, upper: verb == "E", forceExp: true)
        default:
            return String(format: "%.\(precision ?? 6)f", d)
        }
    }

    static func shortest(_ d: Double, upper: Bool, forceExp: Bool) -> String {
        if d == 0 {
            let sign = d.sign == .minus ? "-" : ""
            return forceExp ? sign + (upper ? "0E+00" : "0e+00") : sign + "0"
        }
        let sign = d < 0 ? "-" : ""
        let (digits, exp) = shortestDigits(abs(d))
        let e: Character = upper ? "E" : "e"
        if forceExp || exp < -4 || exp >= 6 {  // Go: shortest %g decides with precision 6
            // %e form
            var m = String(digits[0])
            if digits.count > 1 { m += "." + String(digits[1...]) }
            let es = exp < 0 ? "-" : "+"
            let ev = abs(exp) < 10 ? "0\(abs(exp))" : "\(abs(exp))"
            return sign + m + String(e) + es + ev
        }
        if exp < 0 {
            return sign + "0." + String(repeating: "0", count: -exp - 1) + String(digits)
        }
        if digits.count <= exp + 1 {
            return sign + String(digits) + String(repeating: "0", count: exp + 1 - digits.count)
        }
        return sign + String(digits[0...exp]) + "." + String(digits[(exp + 1)...])
    }
}
