// The series notation of promqltest scripts and promtool test files, with native
// histograms: `1 2 _ stale 3+2x4 {{schema:0 sum:5 count:4 buckets:[1 2 1]}}x3
// {{count:1}}+{{count:2}}x5 {{...}}-{{...}}x2`.

/// One sample value: a float or a native histogram.
public enum SampleValue: Sendable, Hashable {
    case float(Double)
    case histogram(FloatHistogram)
}

public struct NotationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public enum HistogramNotation {
    /// The histogram inside `{{` and `}}` (the braces included or not).
    public static func parseHistogram(_ text: String) throws(NotationError) -> FloatHistogram {
        var body = Substring(text)
        while let f = body.first, f.isWhitespace { body.removeFirst() }
        while let l = body.last, l.isWhitespace { body.removeLast() }
        if body.hasPrefix("{{") { body = body.dropFirst(2) }
        if body.hasSuffix("}}") { body = body.dropLast(2) }
        var h = FloatHistogram()
        var seen: Set<String> = []
        var i = body.startIndex
        func skipSpaces() { while i < body.endIndex, body[i] == " " || body[i] == "\t" { i = body.index(after: i) } }
        while true {
            skipSpaces()
            if i >= body.endIndex { break }
            guard let colon = body[i...].firstIndex(of: ":") else { throw NotationError("histogram field without a value: \(body[i...])") }
            let key = String(body[i..<colon])
            i = body.index(after: colon)
            skipSpaces()
            guard seen.insert(key).inserted else { throw NotationError("duplicate key \"\(key)\" in histogram") }
            if i < body.endIndex, body[i] == "[" {
                guard let close = body[i...].firstIndex(of: "]") else { throw NotationError("unterminated [ in histogram field \(key)") }
                let items = body[body.index(after: i)..<close].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
                var values: [Double] = []
                for it in items {
                    guard let v = parseNumberLiteral(String(it)) else { throw NotationError("bad number \"\(it)\" in histogram field \(key)") }
                    values.append(v)
                }
                i = body.index(after: close)
                switch key {
                case "buckets": h.positive.counts = values
                case "n_buckets": h.negative.counts = values
                case "custom_values": h.customValues = values
                default: throw NotationError("unknown histogram field \"\(key)\"")
                }
                continue
            }
            var end = i
            while end < body.endIndex, body[end] != " " && body[end] != "\t" { end = body.index(after: end) }
            let raw = String(body[i..<end])
            i = end
            if key == "counter_reset_hint" {
                guard let hint = CounterResetHint(rawValue: raw) else { throw NotationError("error parsing counter_reset_hint: unknown value \(raw)") }
                h.counterResetHint = hint
                continue
            }
            if ["schema", "offset", "n_offset"].contains(key) {
                guard let n = Int(raw) else { throw NotationError("bad integer \"\(raw)\" in histogram field \(key)") }
                switch key {
                case "schema": h.schema = n
                case "offset": h.positive.offset = n
                default: h.negative.offset = n
                }
                continue
            }
            guard let v = parseNumberLiteral(raw) else { throw NotationError("bad number \"\(raw)\" in histogram field \(key)") }
            switch key {
            case "sum": h.sum = v
            case "count": h.count = v
            case "z_bucket": h.zeroCount = v
            case "z_bucket_w": h.zeroThreshold = v
            default: throw NotationError("unknown histogram field \"\(key)\"")
            }
        }
        if h.positive.counts.isEmpty { h.positive.offset = 0 }
        if h.negative.counts.isEmpty { h.negative.offset = 0 }
        let s = h.schema
        guard (-4...8).contains(s) || s == FloatHistogram.customBucketsSchema else {
            throw NotationError("histogram has an invalid schema \(s): must be -4 to 8, or -53 for custom buckets")
        }
        return h
    }

    /// Whether the histogram notation in this value sequence also carries an explicit
    /// counter reset hint (test expectations compare the hint only then).
    public static func hasExplicitHint(_ text: String) -> Bool { text.contains("counter_reset_hint:") }

    /// Split a value sequence into tokens; `{{...}}` (with its suffixes) is one token.
    static func tokens(_ s: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var depth = 0
        var prev: Character = " "
        for c in s {
            if c == "{" && prev == "{" && depth == 0 { depth = 1 }
            if depth > 0 {
                cur.append(c)
                if c == "}" && prev == "}" { depth = 0 }
                prev = c
                continue
            }
            if c == " " || c == "\t" {
                if !cur.isEmpty { out.append(cur); cur = "" }
            } else {
                cur.append(c)
            }
            prev = c
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// A whole value sequence; nil entries are `_` (no sample). Stale markers are floats
    /// with the stale NaN pattern. A sequence that would expand to more than `maxPoints`
    /// samples (`1x99999999999`) fails before anything is expanded.
    public static func parseValues(_ s: String, maxPoints: Int = 10_000_000) throws(NotationError) -> [SampleValue?] {
        var out: [SampleValue?] = []
        for tok in tokens(s) {
            let room = maxPoints - out.count
            if tok.hasPrefix("{{") {
                try out.append(contentsOf: histogramToken(tok, room: room))
            } else {
                try out.append(contentsOf: floatToken(tok, room: room))
            }
        }
        return out
    }

    /// The count after `x` in a token, checked against the samples still allowed.
    static func repetitions(_ text: Substring, in tok: String, room: Int) throws(NotationError) -> Int {
        guard let n = Int(text), n >= 0 else { throw NotationError("bad repetition in \(tok)") }
        guard n < room else { throw NotationError("\(tok) repeats \(n) times, more than the \(room) samples left under the limit per series") }
        return n
    }

    static func histogramToken(_ tok: String, room: Int) throws(NotationError) -> [SampleValue?] {
        guard let firstEnd = afterClose(tok[...]) else { throw NotationError("unterminated histogram: \(tok)") }
        let base = try parseHistogram(String(tok[..<firstEnd]))
        let rest = tok[firstEnd...]
        if rest.isEmpty { return [.histogram(base)] }
        if rest.hasPrefix("x") {
            let n = try repetitions(rest.dropFirst(), in: tok, room: room)
            return Array(repeating: .histogram(base), count: n + 1)
        }
        guard rest.hasPrefix("+") || rest.hasPrefix("-"), let incEnd = afterClose(rest) else {
            throw NotationError("bad histogram expression: \(tok)")
        }
        let sign: Double = rest.hasPrefix("+") ? 1 : -1
        let inc = try parseHistogram(String(rest[rest.index(after: rest.startIndex)..<incEnd]))
        let tail = rest[incEnd...]
        guard tail.hasPrefix("x") else { throw NotationError("bad repetition in \(tok)") }
        let n = try repetitions(tail.dropFirst(), in: tok, room: room)
        var cur = base
        var out: [SampleValue?] = [.histogram(base)]
        for _ in 0..<n {
            if cur.schema > inc.schema && !cur.usesCustomBuckets {
                throw NotationError("error combining histograms: cannot merge from schema \(inc.schema) to \(cur.schema)")
            }
            do {
                cur = try cur.combined(with: inc, sign: sign).histogram
            } catch {
                throw NotationError("error combining histograms: cannot apply this operation to histograms with a mix of exponential and custom bucket schemas")
            }
            out.append(.histogram(cur))
        }
        return out
    }

    /// The index just after the first `}}`.
    static func afterClose(_ s: Substring) -> String.Index? {
        var prev: Character = " "
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            i = s.index(after: i)
            if c == "}" && prev == "}" { return i }
            prev = c
        }
        return nil
    }

    static func floatValue(_ s: String) -> Double? {
        if s == "stale" { return staleNaN }
        return parseNumberLiteral(s.hasPrefix("+") ? String(s.dropFirst()) : s)
    }

    /// `1`, `_`, `stale`, `_x3`, `5x2`, `1+2x3`, `-1-1x2`, `1e3+1e2x2`.
    static func floatToken(_ tok: String, room: Int) throws(NotationError) -> [SampleValue?] {
        guard room > 0 else { throw NotationError("\(tok) is past the limit of samples per series") }
        if tok == "_" { return [nil] }
        if let x = tok.lastIndex(of: "x"), let n = Int(tok[tok.index(after: x)...]), n >= 0 {
            guard n < room else { throw NotationError("\(tok) repeats \(n) times, more than the \(room) samples left under the limit per series") }
            let head = String(tok[..<x])
            if head == "_" { return Array(repeating: nil, count: n) }
            guard !head.isEmpty else { throw NotationError("bad value \"\(tok)\"") }   // `x1`: no value before the x
            var splitAt: String.Index? = nil
            var i = head.index(after: head.startIndex)
            while i < head.endIndex {
                let c = head[i], p = head[head.index(before: i)]
                if (c == "+" || c == "-") && p != "e" && p != "E" { splitAt = i }
                i = head.index(after: i)
            }
            var a: Double, b = 0.0
            if let at = splitAt {
                guard let av = floatValue(String(head[..<at])), let bv = floatValue(String(head[at...])) else {
                    throw NotationError("bad value \"\(tok)\"")
                }
                a = av; b = bv
            } else {
                guard let av = floatValue(head) else { throw NotationError("bad value \"\(tok)\"") }
                a = av
            }
            var out: [SampleValue?] = []
            for _ in 0...n { out.append(.float(a)); a += b }
            return out
        }
        guard let v = floatValue(tok) else { throw NotationError("bad value \"\(tok)\"") }
        return [.float(v)]
    }
}
