import Foundation

/// Prometheus's humanize* template functions, digit for digit.
enum Humanize {
    static func g4(_ v: Double) -> String { GoFormat.float(v, verb: "g", precision: 4) }

    static func humanize(_ value: Double) -> String {
        var v = value
        if v == 0 || v.isNaN || v.isInfinite { return g4(v) }
        if abs(v) >= 1 {
            var prefix = ""
            for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
                if abs(v) < 1000 { break }
                prefix = p; v /= 1000
            }
            return g4(v) + prefix
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p; v *= 1000
        }
        return g4(v) + prefix
    }

    static func humanize1024(_ value: Double) -> String {
        var v = value
        if abs(v) <= 1 || v.isNaN || v.isInfinite { return g4(v) }
        var prefix = ""
        for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
            if abs(v) < 1024 { break }
            prefix = p; v /= 1024
        }
        return g4(v) + prefix
    }

    static func duration(_ value: Double) -> String {
        var v = value
        if v.isNaN || v.isInfinite { return g4(v) }
        if v == 0 { return g4(v) + "s" }
        if abs(v) >= 1 {
            var sign = ""
            if v < 0 { sign = "-"; v = -v }
            let d = v >= 9.2e18 ? Int64.max : Int64(v)
            let seconds = d % 60, minutes = (d / 60) % 60, hours = (d / 3600) % 24, days = d / 86400
            if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s" }
            if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(seconds)s" }
            if minutes != 0 { return "\(sign)\(minutes)m \(seconds)s" }
            return sign + g4(v) + "s"
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p; v *= 1000
        }
        return g4(v) + prefix + "s"
    }

    static func percentage(_ v: Double) -> String { g4(v * 100) + "%" }

    /// Go's time.Time.String() in UTC: `2006-01-02 15:04:05.999999999 +0000 UTC`.
    static func timestamp(_ v: Double) -> String {
        if v.isNaN || v.isInfinite || abs(v) > 9.2e15 { return g4(v) }
        let seconds = v.rounded(.down)
        var nanos = Int64(((v - seconds) * 1e9).rounded())
        var secs = Int64(seconds)
        if nanos >= 1_000_000_000 { secs += 1; nanos -= 1_000_000_000 }
        let date = Date(timeIntervalSince1970: TimeInterval(secs))
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC") ?? TimeZone.current
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        var s = "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
        if nanos > 0 {
            var frac = String(nanos)
            frac = String(repeating: "0", count: 9 - frac.count) + frac
            while frac.hasSuffix("0") { frac.removeLast() }
            s += "." + frac
        }
        return s + " +0000 UTC"
    }
}
