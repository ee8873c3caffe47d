/// Prometheus duration strings (`1h30m`, `5m`, `2m59s999ms`, `100d`, `0`), in milliseconds.
public enum PromDuration {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var text: String
        public var description: String { "not a valid duration string: \"\(text)\"" }
    }

    private static let units: [(String, Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
        ("d", 86_400_000), ("w", 604_800_000), ("y", 31_536_000_000),
    ]

    public static func parse(_ text: String) throws(Invalid) -> Int64 {
        let s = Array(text.utf8)
        if s == Array("0".utf8) { return 0 }
        if s.isEmpty { throw Invalid(text: text) }
        var i = 0
        var total: Int64 = 0
        var lastUnitRank = Int.max
        while i < s.count {
            var n: Int64 = 0
            let start = i
            while i < s.count, s[i] >= 48, s[i] <= 57 {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(s[i] - 48))
                if o1 || o2 { throw Invalid(text: text) }
                n = a; i += 1
            }
            if i == start { throw Invalid(text: text) }
            var matched: (Int, Int64)?
            for (rank, (name, ms)) in units.enumerated().reversed() {
                let u = Array(name.utf8)
                if i + u.count <= s.count, Array(s[i..<(i + u.count)]) == u {
                    // "m" must not swallow the "m" of "ms"
                    if name == "m", i + 1 < s.count, s[i + 1] == UInt8(ascii: "s") { continue }
                    matched = (rank, ms); i += u.count; break
                }
            }
            guard let (rank, ms) = matched, rank < lastUnitRank else { throw Invalid(text: text) }
            lastUnitRank = rank
            let (p, o1) = n.multipliedReportingOverflow(by: ms)
            let (t, o2) = total.addingReportingOverflow(p)
            if o1 || o2 { throw Invalid(text: text) }
            total = t
        }
        return total
    }

    /// Go's model.Duration.String: `1h30m`, `0s`, `2m59s999ms`, `100d`.
    public static func format(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        var out = ""
        var rest = ms
        if rest < 0 { out = "-"; rest = -rest }
        for (name, unit) in [("y", Int64(31_536_000_000)), ("w", 604_800_000), ("d", 86_400_000),
                             ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            let n = rest / unit
            if n > 0 { out += "\(n)\(name)"; rest -= n * unit }
        }
        return out
    }
}
