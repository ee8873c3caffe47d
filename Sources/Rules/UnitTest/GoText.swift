import PromQL

/// Prometheus's / Go's textual forms used in promtool's failure output.
enum GoText {
    /// strconv.Quote for the printable ASCII/UTF-8 strings labels hold.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7f { out += "\\x" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// labels.Labels.String(): `{__name__="up", job="x"}`.
    static func labels(_ l: Labels) -> String {
        "{" + l.items.map { "\($0.name)=\(quote($0.value))" }.joined(separator: ", ") + "}"
    }

    /// Go's time.Duration.String() for milliseconds: `0s`, `1m0s`, `1h2m3.5s`.
    static func goDuration(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        var out = ms < 0 ? "-" : ""
        var rest = abs(ms)
        let h = rest / 3_600_000; rest %= 3_600_000
        let m = rest / 60_000; rest %= 60_000
        let s = rest / 1000, frac = rest % 1000
        if h == 0, m == 0, s == 0 { return out + "\(frac)ms" }
        if h > 0 { out += "\(h)h" }
        if h > 0 || m > 0 { out += "\(m)m" }
        out += "\(s)"
        if frac > 0 {
            var f = String(frac); f = String(repeating: "0", count: 3 - f.count) + f
            while f.hasSuffix("0") { f.removeLast() }
            out += "." + f
        }
        return out + "s"
    }

    /// strconv.FormatFloat(v, 'E', -1, 64).
    static func floatE(_ v: Double) -> String { GoFormat.float(v, verb: "E", precision: nil) }
}
