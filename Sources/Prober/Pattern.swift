import OpsCore

/// A regular expression from the configuration, compiled once, with its source text kept
/// for messages and `debug=true` logs.
public struct Pattern: Sendable, CustomStringConvertible {
    public let source: String
    private let compiled: Compiled

    /// The compiled expression. A `Regex` is an immutable value once built; it is not marked
    /// Sendable by the standard library, hence the box.
    private final class Compiled: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
        init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
    }

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let source: String
        public let detail: String
        public var description: String { "invalid regular expression '\(source)': \(detail)" }
    }

    public init(_ source: String) throws(Invalid) {
        do {
            compiled = Compiled(try Regex(source))
        } catch {
            throw Invalid(source: source, detail: "\(error)")
        }
        self.source = source
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        (try? compiled.regex.firstMatch(in: text)) != nil
    }

    /// The groups of the first match in `text`: `numbered[0]` is the whole match, then each
    /// group in order (nil for one that took no part); `named` has the named groups.
    public struct Groups: Sendable, Equatable {
        public var numbered: [String?]
        public var named: [String: String]
    }

    /// The first match in `text` with its groups, or nil.
    public func firstMatch(_ text: String) -> Groups? {
        guard let match = try? compiled.regex.firstMatch(in: text) else { return nil }
        var groups = Groups(numbered: [], named: [:])
        for element in match.output {
            let value = element.substring.map(String.init)
            groups.numbered.append(value)
            if let name = element.name, let value { groups.named[name] = value }
        }
        return groups
    }

    /// Whether the pattern matches the whole of `text` (for target allow-lists).
    public func matchesWhole(_ text: String) -> Bool {
        (try? compiled.regex.wholeMatch(in: text)) != nil
    }

    public var description: String { source }
}

extension Pattern {
    /// Reads a pattern from a config node; a bad one is an error at the node.
    static func from(_ node: ConfigNode) throws -> Pattern {
        do {
            return try Pattern(node.string())
        } catch let error as Invalid {
            throw node.error(error.description)
        }
    }
}
