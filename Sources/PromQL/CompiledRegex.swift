import Synchronization

/// A fully anchored regular expression, as Prometheus uses for `=~`, `!~` and `label_replace`
/// (`.` matches newlines). Compiled patterns are cached process-wide.
public struct CompiledRegex: @unchecked Sendable {
    public let pattern: String
    let regex: Regex<AnyRegexOutput>

    private static let cache = Mutex<[String: CompiledRegex]>([:])

    public struct InvalidPattern: Error, Sendable, CustomStringConvertible {
        public var pattern: String
        public var description: String { "invalid regular expression: \(pattern)" }
    }

    public static func get(_ pattern: String) throws(InvalidPattern) -> CompiledRegex {
        if let hit = cache.withLock({ $0[pattern] }) { return hit }
        let compiled: Regex<AnyRegexOutput>
        do { compiled = try Regex("^(?s:" + pattern + ")$") } catch { throw InvalidPattern(pattern: pattern) }
        let r = CompiledRegex(pattern: pattern, regex: compiled)
        cache.withLock { c in
            if c.count > 10_000 { c.removeAll() }
            c[pattern] = r
        }
        return r
    }

    public func matches(_ s: String) -> Bool {
        // Fast paths for the most common literal-ish patterns.
        if pattern == ".*" { return true }
        if pattern == ".+" { return !s.isEmpty }
        return (try? regex.wholeMatch(in: s)) != nil
    }

    /// The whole-match captures ($0, $1, ...), nil when `s` does not match.
    public func captures(_ s: String) -> [String]? {
        guard let m = try? regex.wholeMatch(in: s) else { return nil }
        var out: [String] = []
        for i in 0..<m.output.count {
            if let sub = m.output[i].substring { out.append(String(sub)) } else { out.append("") }
        }
        return out
    }
}

extension LabelMatcher {
    /// Does a label value satisfy this matcher? (A missing label has the value "".)
    public func matches(_ v: String) -> Bool {
        switch op {
        case .equal: return v == value
        case .notEqual: return v != value
        case .regexMatch: return (try? CompiledRegex.get(value))?.matches(v) ?? false
        case .regexNoMatch: return !((try? CompiledRegex.get(value))?.matches(v) ?? false)
        }
    }
}
