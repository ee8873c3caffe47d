/// One node of a parsed YAML document, with the position of every node and every mapping key.
///
/// Built from Yams' node tree by `YAMLComposer`; mapping keys keep their source order and
/// their own positions, so a finding can point at a key (`specDOESNOTEXIST:`) or at a value.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case mapping([Entry])
        case sequence([YAMLNode])
        case scalar(Scalar)
    }

    /// One `key: value` pair of a mapping.
    public struct Entry: Sendable {
        public var key: String
        public var keyPosition: Position
        public var value: YAMLNode

        public init(key: String, keyPosition: Position, value: YAMLNode) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    public var content: Content
    /// Where the node starts (for a mapping in block style: its first key).
    public var position: Position

    public init(_ content: Content, at position: Position) {
        self.content = content
        self.position = position
    }
}

/// A scalar with its source text and the type YAML resolution gives it.
///
/// Resolution follows what Kubernetes' YAML reader (go-yaml v2, YAML 1.1) does for plain scalars:
/// `true/false/yes/no/on/off` are booleans, `~`/`null`/empty are null, numbers are numbers;
/// quoted and block scalars are always strings.
public struct Scalar: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case string, integer, float, boolean, null
    }

    /// How the scalar was written. Checks of embedded content need it to map a place inside the
    /// value (a PromQL error's column in an `expr: |` block) back to the file.
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var kind: Kind
    public var style: Style

    public init(text: String, kind: Kind, style: Style = .plain) {
        self.text = text
        self.kind = kind
        self.style = style
    }

    public var bool: Bool? {
        guard kind == .boolean else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on", "y": return true
        default: return false
        }
    }

    public var int: Int? {
        guard kind == .integer else { return nil }
        return ScalarResolver.integerValue(text)
    }

    public var double: Double? {
        switch kind {
        case .integer: return ScalarResolver.integerValue(text).map(Double.init)
        case .float: return ScalarResolver.floatValue(text)
        default: return nil
        }
    }
}

// MARK: - Reading a node

extension YAMLNode {
    public var isMapping: Bool { if case .mapping = content { return true } else { return false } }
    public var isSequence: Bool { if case .sequence = content { return true } else { return false } }
    public var isScalar: Bool { if case .scalar = content { return true } else { return false } }

    /// The entries of a mapping, or nil.
    public var entries: [Entry]? {
        if case let .mapping(entries) = content { return entries }
        return nil
    }

    /// The items of a sequence, or nil.
    public var items: [YAMLNode]? {
        if case let .sequence(items) = content { return items }
        return nil
    }

    public var scalar: Scalar? {
        if case let .scalar(scalar) = content { return scalar }
        return nil
    }

    /// The text of a scalar of any kind (`8080`, `true`, `nginx:1.27`), or nil for collections and null.
    public var text: String? {
        guard let scalar, scalar.kind != .null else { return nil }
        return scalar.text
    }

    /// The text of a scalar that resolves to a string (quoted, or plain and not a number/bool/null).
    public var string: String? {
        guard let scalar, scalar.kind == .string else { return nil }
        return scalar.text
    }

    public var int: Int? { scalar?.int }
    public var bool: Bool? { scalar?.bool }
    public var isNull: Bool { scalar?.kind == .null }

    /// A short name of the node's type for messages: `mapping`, `sequence`, `string`, `integer`, ...
    public var typeName: String {
        switch content {
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        case let .scalar(scalar): return scalar.kind.rawValue
        }
    }

    /// The value under `key` in a mapping (the last one if the key repeats), or nil.
    public subscript(key: String) -> YAMLNode? {
        entry(key)?.value
    }

    /// The item at `index` in a sequence, or nil.
    public subscript(index: Int) -> YAMLNode? {
        guard let items, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The mapping entry for `key` (with the key's own position), or nil.
    public func entry(_ key: String) -> Entry? {
        guard let entries else { return nil }
        return entries.last { $0.key == key }
    }

    /// Follows a path: `node(at: "spec.template.spec.containers")`, `node(at: "spec.containers[0].image")`.
    public func node(at path: NodePath) -> YAMLNode? {
        var current = self
        for component in path.components {
            switch component {
            case let .key(key):
                guard let next = current[key] else { return nil }
                current = next
            case let .index(index):
                guard let next = current[index] else { return nil }
                current = next
            }
        }
        return current
    }

    /// The position of the key that holds the node at `path` (its value position for sequence items,
    /// this node's position for the empty path); nil when the path does not exist.
    public func keyPosition(at path: NodePath) -> Position? {
        guard let last = path.components.last else { return position }
        let parentPath = NodePath(Array(path.components.dropLast()))
        guard let parent = node(at: parentPath) else { return nil }
        switch last {
        case let .key(key): return parent.entry(key)?.keyPosition
        case let .index(index): return parent[index]?.position
        }
    }

    /// A mapping of string to string (labels, annotations, selectors); non-scalar values are skipped.
    public var stringMap: [String: String] {
        guard let entries else { return [:] }
        var map: [String: String] = [:]
        map.reserveCapacity(entries.count) // one table instead of growing (and rehashing) key by key
        for entry in entries {
            if let value = entry.value.text { map[entry.key] = value } else if entry.value.isNull { map[entry.key] = "" }
        }
        return map
    }
}
