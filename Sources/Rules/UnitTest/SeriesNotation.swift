import PromQL

/// promtool's expanding notation for input series values:
/// `1 2 3`, `a+bxn`, `a-bxn`, `axn`, `_`, `_xn`, `stale`, scientific and negative numbers.
/// Each element is one step of the test group's interval; nil means "no sample".
public enum SeriesNotation {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var item: String
        public var message: String
        public var description: String { "\(message) in \"\(item)\"" }
    }

    /// Upper bound on points one series may expand to, so a typo like `0x99999999999` fails fast.
    public static let maxPoints = 10_000_000

    /// Values that may include native histograms (`{{schema:0 sum:5 count:4 buckets:[1 2 1]}}`,
    /// `{{...}}xN`, `{{...}}+{{...}}xN`); float-only text takes `expand`.
    public static func expandValues(_ text: String) throws(Invalid) -> [SampleValue?] {
        guard text.contains("{{") else { return try expand(text).map { $0.map { .float($0) } } }
        let out: [SampleValue?]
        do { out = try HistogramNotation.parseValues(text, maxPoints: maxPoints) } catch {
            throw Invalid(item: text, message: error.message)
        }
        guard out.count <= maxPoints else { throw Invalid(item: text, message: "series expands to more than \(maxPoints) points") }
        return out
    }

    public static func expand(_ text: String) throws(Invalid) -> [Double?] {
        if text.contains("{{") {
            throw Invalid(item: text, message: "native histogram values need expandValues")
        }
        var out: [Double?] = []
        for raw in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            let item = String(raw)
            var head = item
            var times: Int?
            if let x = item.lastIndex(of: "x") {
                head = String(item[..<x])
                let countText = item[item.index(after: x)...]
                guard let n = Int(countText), n >= 0 else { throw Invalid(item: item, message: "expected a repetition count after 'x'") }
                times = n
            }
            // out.count + repetitions + 1 <= maxPoints, written so that a count near Int.max
            // cannot overflow.
            guard (times ?? 0) < maxPoints - out.count else {
                throw Invalid(item: item, message: "series expands to more than \(maxPoints) points")
            }
            if head == "_" {
                out.append(contentsOf: Array(repeating: nil, count: max(times ?? 1, 0)))
                continue
            }
            if head == "stale" {
                out.append(contentsOf: Array(repeating: staleNaN, count: (times ?? 0) + 1))
                continue
            }
            let (start, delta) = try split(head, item: item)
            guard let n = times else {
                guard delta == nil else { throw Invalid(item: item, message: "an increment needs a repetition count ('x')") }
                out.append(start)
                continue
            }
            var v = start
            out.append(v)
            if n > 0 {
                for _ in 1...n {
                    if let d = delta { v += d }
                    out.append(v)
                }
            }
        }
        return out
    }

    /// Splits `a+b` / `a-b` / `a` into start and increment.
    static func split(_ head: String, item: String) throws(Invalid) -> (Double, Double?) {
        let chars = Array(head)
        var cut: Int?
        var i = 1
        while i < chars.count {
            if chars[i] == "+" || chars[i] == "-", chars[i - 1] != "e", chars[i - 1] != "E" { cut = i; break }
            i += 1
        }
        func number(_ s: String) throws(Invalid) -> Double {
            if s == "stale" { return staleNaN }
            guard let d = parseGoFloat(s), !s.isEmpty else { throw Invalid(item: item, message: "invalid number \"\(s)\"") }
            return d
        }
        guard let c = cut else { return (try number(head), nil) }
        let a = String(chars[..<c]), b = String(chars[c...])
        return (try number(a), try number(b))
    }
}
