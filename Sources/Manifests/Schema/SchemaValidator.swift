/// Validates a document against a compiled JSON schema, strictly: unknown fields (where the schema
/// says `additionalProperties: false`), wrong types, missing required fields and values outside an
/// enum are violations, each at the line and column of the offending key or value.
///
/// The walk allocates nothing for a valid node: the path is a stack of components that becomes a
/// `NodePath` only when a violation is recorded.
public struct SchemaValidator: Sendable {
    /// One violation; `position` is a key position for unknown fields, a value position otherwise.
    public struct Violation: Sendable, Hashable {
        public var message: String
        public var path: NodePath
        public var position: Position
    }

    public let schema: CompiledSchema
    /// Stop after this many violations per document (a wrong file can produce thousands).
    public var maxViolations = 50

    public init(schema: CompiledSchema) {
        self.schema = schema
    }

    public func validate(_ node: YAMLNode) -> [Violation] {
        var violations: [Violation] = []
        var stack: [NodePath.Component] = []
        validate(node, schema.root, stack: &stack, into: &violations, depth: 0)
        return violations
    }

    /// True when `node` matches schema node `index` (no violations); used for oneOf/anyOf branches.
    private func matches(_ node: YAMLNode, _ index: Int, stack: inout [NodePath.Component], depth: Int) -> Bool {
        var violations: [Violation] = []
        validate(node, index, stack: &stack, into: &violations, depth: depth)
        return violations.isEmpty
    }

    private func validate(_ node: YAMLNode, _ index: Int, stack: inout [NodePath.Component], into violations: inout [Violation], depth: Int) {
        guard violations.count < maxViolations, depth < 200 else { return }
        // Borrowed, not retained: `self.schema.nodes` owns the node while the validator runs.
        self.schema.unretainedNodes[index]._withUnsafeGuaranteedRef { schema in
            validate(node, schema, stack: &stack, into: &violations, depth: depth)
        }
    }

    private func validate(_ node: YAMLNode, _ schema: SchemaNode, stack: inout [NodePath.Component], into violations: inout [Violation], depth: Int) {
        /// The path, built only when a violation needs it.
        var path: NodePath { NodePath(stack) }
        if schema.preserveUnknownFields, schema.properties.isEmpty { return }

        // Type.
        if schema.intOrString {
            if let scalar = node.scalar, scalar.kind == .integer || scalar.kind == .string || scalar.kind == .null {
                // fine
            } else {
                violations.append(Violation(message: "\(path) must be an integer or a string, not a \(node.typeName)", path: path, position: node.position))
                return
            }
        } else if schema.hasTypes, !Self.typeMatches(node, schema.typeBits) {
            violations.append(Violation(
                message: "\(path) must be \(Self.describe(schema.types ?? [])), not \(Self.article(node.typeName))\(Self.valueHint(node))",
                path: path, position: node.position
            ))
            return
        }

        // Enum (string enums in Kubernetes' schemas; null passes where the type allows it).
        if let allowed = schema.enumValues, let text = node.text, !allowed.contains(text) {
            let list = allowed.count <= 8 ? allowed.joined(separator: ", ") : allowed.prefix(8).joined(separator: ", ") + ", ..."
            violations.append(Violation(message: "\(path) is \"\(text)\", must be one of: \(list)", path: path, position: node.position))
        }

        // Integer ranges by format.
        // Nine characters cannot spell an integer outside 32 bits (in any YAML base), so most skip parsing.
        if schema.isInt32, let scalar = node.scalar, scalar.kind == .integer, scalar.text.utf8.count > 9,
           let value = scalar.int, value < Int(Int32.min) || value > Int(Int32.max) {
            violations.append(Violation(message: "\(path) is \(value), outside the 32-bit integer range", path: path, position: node.position))
        }
        if schema.minimum != nil || schema.maximum != nil, let value = node.scalar?.double {
            if let minimum = schema.minimum, value < minimum {
                violations.append(Violation(message: "\(path) is \(node.text ?? ""), below the minimum \(minimum)", path: path, position: node.position))
            }
            if let maximum = schema.maximum, value > maximum {
                violations.append(Violation(message: "\(path) is \(node.text ?? ""), above the maximum \(maximum)", path: path, position: node.position))
            }
        }

        // Combinators. oneOf is checked as anyOf: Kubernetes' int-or-string and quantity schemas
        // are `oneOf: [string|null, integer|null]`, which a null would match twice.
        // Arrays are read only when not empty: binding one retains it, for every node.
        if !schema.alternatives.isEmpty, !schema.alternatives.contains(where: { matches(node, $0, stack: &stack, depth: depth + 1) }) {
            let kinds = schema.alternatives.compactMap { self.schema.nodes[$0].types }.map(Self.describe).joined(separator: " or ")
            violations.append(Violation(
                message: "\(path) must be \(kinds.isEmpty ? "one of the allowed shapes" : kinds), not \(Self.article(node.typeName))\(Self.valueHint(node))",
                path: path, position: node.position
            ))
        }
        if !schema.allOf.isEmpty {
            for part in schema.allOf {
                validate(node, part, stack: &stack, into: &violations, depth: depth + 1)
            }
        }

        switch node.content {
        case let .mapping(entries):
            // By index: `for entry in entries` would copy (retain and release) every entry.
            for index in entries.indices {
                let key = entries[index].key
                if let property = schema.propertyLookup.target(of: key) {
                    stack.append(.key(key))
                    validate(entries[index].value, property, stack: &stack, into: &violations, depth: depth + 1)
                    stack.removeLast()
                    continue
                }
                switch schema.additional {
                case .allowed:
                    continue
                case let .schema(valueSchema):
                    stack.append(.key(key))
                    validate(entries[index].value, valueSchema, stack: &stack, into: &violations, depth: depth + 1)
                    stack.removeLast()
                case .forbidden:
                    if schema.preserveUnknownFields { continue }
                    var message = "unknown field \"\(key)\" in \(path)"
                    if let suggestion = Self.closest(to: key, in: schema.propertyNames) {
                        message += " (did you mean \"\(suggestion)\"?)"
                    }
                    violations.append(Violation(message: message, path: path.appending(key: key), position: entries[index].keyPosition))
                }
            }
            if !schema.required.isEmpty {
                for name in schema.required where !entries.contains(where: { $0.key == name }) {
                    violations.append(Violation(message: "\(path) is missing required field \"\(name)\"", path: path.appending(key: name), position: node.position))
                }
            }
        case let .sequence(items):
            guard let itemSchema = schema.items else { return }
            for (index, item) in items.enumerated() {
                stack.append(.index(index))
                validate(item, itemSchema, stack: &stack, into: &violations, depth: depth + 1)
                stack.removeLast()
            }
        case .scalar:
            return
        }
    }

    /// True when the node's type is one of `bits` (`SchemaNode.typeBits`).
    static func typeMatches(_ node: YAMLNode, _ bits: UInt8) -> Bool {
        func has(_ type: SchemaNode.JSONType) -> Bool { bits & type.bit != 0 }
        switch node.content {
        case .mapping: return has(.object)
        case .sequence: return has(.array)
        case let .scalar(scalar):
            switch scalar.kind {
            case .string: return has(.string)
            case .integer: return has(.integer) || has(.number)
            case .float: return has(.number)
            case .boolean: return has(.boolean)
            case .null: return has(.null)
            }
        }
    }
    static func describe(_ types: Set<SchemaNode.JSONType>) -> String {
        let names = types.subtracting([.null]).map { type -> String in
            switch type {
            case .object: return "a mapping"
            case .array: return "a list"
            case .string: return "a string"
            case .integer: return "an integer"
            case .number: return "a number"
            case .boolean: return "a boolean"
            case .null: return "null"
            }
        }.sorted()
        return names.isEmpty ? "null" : names.joined(separator: " or ")
    }

    static func article(_ typeName: String) -> String {
        switch typeName {
        case "integer": return "an integer"
        case "mapping": return "a mapping"
        case "sequence": return "a list"
        case "null": return "null"
        default: return "a \(typeName)"
        }
    }

    static func valueHint(_ node: YAMLNode) -> String {
        guard let scalar = node.scalar, scalar.kind != .null else { return "" }
        var hint = " (\(scalar.text))"
        if scalar.kind == .boolean || scalar.kind == .integer || scalar.kind == .float { hint += "; quote it to make it a string" }
        return hint
    }

    /// The known field closest to a misspelled one, if close enough to be a typo.
    static func closest<S: Sequence>(to key: String, in candidates: S) -> String? where S.Element == String {
        let lowered = key.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            if lowered.hasPrefix(candidate.lowercased()), candidate.count >= 3 { return candidate }
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= max(2, candidate.count / 4), distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
