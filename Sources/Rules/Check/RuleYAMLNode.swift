import Yams

/// A YAML node as the rule loader reads it: content, where it starts, and for a scalar how it was
/// written (the style decides how a place inside the value maps back to the file).
///
/// Two producers: `opsctl rules check` parses the file with Yams and converts its node tree
/// (`init(_:)` below); `opsctl check-manifests` converts the `spec` of a PrometheusRule from the tree
/// its loader already composed (the command layer's seam), so the rule text is never parsed twice.
public struct RuleYAMLNode: Sendable {
    public enum Content: Sendable {
        case mapping([Entry])
        case sequence([RuleYAMLNode])
        /// `isNull`: the scalar resolves to null (`~`, `null`, empty, or tagged `!!null`).
        case scalar(text: String, style: SourcedString.ScalarStyle, isNull: Bool)
    }

    /// One `key: value` pair of a mapping, in document order.
    public struct Entry: Sendable {
        public var key: String
        public var keyPosition: FilePosition
        public var value: RuleYAMLNode

        public init(key: String, keyPosition: FilePosition, value: RuleYAMLNode) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    public var content: Content
    public var position: FilePosition

    public init(_ content: Content, at position: FilePosition) {
        self.content = content
        self.position = position
    }

    var entries: [Entry]? {
        if case let .mapping(entries) = content { return entries }
        return nil
    }

    var items: [RuleYAMLNode]? {
        if case let .sequence(items) = content { return items }
        return nil
    }

    /// The text of any scalar (as Yams' `Node.string`: `5` gives "5"), nil for collections.
    var string: String? {
        if case let .scalar(text, _, _) = content { return text }
        return nil
    }

    var int: Int? { string.flatMap { Int($0) } }

    var isNull: Bool {
        if case let .scalar(_, _, isNull) = content { return isNull }
        return false
    }

    /// The value of the first entry named `key`.
    subscript(key: String) -> RuleYAMLNode? {
        entries?.first { $0.key == key }?.value
    }

    var kindName: String {
        switch content {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        }
    }
}

extension RuleYAMLNode {
    /// Converts a Yams node tree (what `opsctl rules check` parses).
    init(_ node: Node) {
        switch node {
        case let .scalar(scalar):
            let style: SourcedString.ScalarStyle
            switch scalar.style {
            case .singleQuoted: style = .singleQuoted
            case .doubleQuoted: style = .doubleQuoted
            case .literal: style = .literal
            case .folded: style = .folded
            default: style = .plain
            }
            self.init(.scalar(text: scalar.string, style: style, isNull: node.isNull), at: node.position)
        case let .mapping(mapping):
            let entries = mapping.map { Entry(key: $0.key.string ?? "", keyPosition: $0.key.position, value: RuleYAMLNode($0.value)) }
            self.init(.mapping(entries), at: node.position)
        case let .sequence(sequence):
            self.init(.sequence(sequence.map(RuleYAMLNode.init)), at: node.position)
        case .alias:
            // Yams' parser resolves aliases, so a parsed tree holds none; read one as null.
            self.init(.scalar(text: "", style: .plain, isNull: true), at: node.position)
        }
    }
}
