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
