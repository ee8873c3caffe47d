import Foundation

/// Compiles JSON schemas into `SchemaNode`s. Each named definition is compiled once, when a `$ref`
/// first reaches it, and every `$ref` becomes the index of its definition's node; definitions no
/// schema reaches are never looked at. Not thread-safe: `SchemaSet` keeps it behind a lock.
struct SchemaCompiler {
    /// The JSON of a definition by name; nil when no definition has that name.
    let lookup: @Sendable (String) -> JSONValue?
    /// Index 0 is `SchemaNode.anything`.
    private(set) var nodes: [SchemaNode] = [.anything]
    private var definitionIndex: [String: Int] = [:]

    init(lookup: @escaping @Sendable (String) -> JSONValue?) {
        self.lookup = lookup
    }

    /// A compiled schema rooted at `json`, sharing the nodes compiled so far.
    mutating func compiled(_ json: JSONValue) -> CompiledSchema {
        let root = compile(json)
        return CompiledSchema(nodes: nodes, root: root)
    }

    /// A compiled schema rooted at definition `name`.
    mutating func compiled(definition name: String) -> CompiledSchema {
        let root = compileDefinition(named: name)
        return CompiledSchema(nodes: nodes, root: root)
    }

    /// The node of definition `name`, following definitions that are only a `$ref` to another;
    /// `anythingIndex` when the name (or the end of its `$ref` chain) is unknown, or the chain loops.
    mutating func compileDefinition(named name: String) -> Int {
        if let index = definitionIndex[name] { return index }
        var chain: [String] = []
        var current = name
        while true {
            if let index = definitionIndex[current] {
                for link in chain { definitionIndex[link] = index }
                return index
            }
            guard !chain.contains(current), let json = lookup(current) else {
                for link in chain + [current] { definitionIndex[link] = SchemaNode.anythingIndex }
                return SchemaNode.anythingIndex
            }
            chain.append(current)
            if let ref = json["$ref"]?.string {
                current = SchemaNode.definitionName(of: ref)
                continue
            }
            // Reserve the slot first: a definition may reach itself (JSONSchemaProps does).
            let slot = nodes.count
            nodes.append(.anything)
            for link in chain { definitionIndex[link] = slot }
            nodes[slot] = makeNode(json)
            return slot
        }
    }

    /// The node for an inline schema (`$ref`s go to their definition).
    mutating func compile(_ json: JSONValue) -> Int {
        guard case .object = json else { return SchemaNode.anythingIndex }
        if let ref = json["$ref"]?.string {
            return compileDefinition(named: SchemaNode.definitionName(of: ref))
        }
        let node = makeNode(json)
        nodes.append(node)
        return nodes.count - 1
    }

    private mutating func makeNode(_ json: JSONValue) -> SchemaNode {
        var node = SchemaNode.Keywords()
        var format: String?
        var intOrStringFlag = false
        for member in json.members ?? [] {
            let value = member.value
            switch member.key {
            case "type":
                switch value {
                case let .string(name): node.types = SchemaNode.JSONType(rawValue: name).map { [$0] }
                case let .array(names): node.types = Set(names.compactMap { $0.string.flatMap(SchemaNode.JSONType.init(rawValue:)) })
                default: node.types = nil
                }
            case "properties":
                var properties: [String: Int] = [:]
                for property in value.members ?? [] {
                    properties[property.key] = compile(property.value)
                }
                node.properties = properties
            case "additionalProperties":
                switch value {
                case let .bool(flag): node.additional = flag ? .allowed : .forbidden
                case .object: node.additional = .schema(compile(value))
                default: node.additional = .allowed
                }
            case "required":
                if case let .array(names) = value, names.allSatisfy({ $0.string != nil }) {
                    node.required = names.compactMap(\.string)
                } else {
                    node.required = []
                }
            case "enum":
                if case let .array(values) = value {
                    node.enumValues = values.compactMap(Self.enumText)
                } else {
                    node.enumValues = nil
                }
            case "items":
                if case .object = value { node.items = compile(value) } else { node.items = nil }
            case "format":
                format = value.string
            case "oneOf", "anyOf":
                // Collected in order below (oneOf first): both are checked as anyOf.
                break
            case "allOf":
                if case let .array(parts) = value { node.allOf = parts.map { compile($0) } } else { node.allOf = [] }
            case "x-kubernetes-int-or-string":
                if case let .bool(flag) = value { intOrStringFlag = flag } else { intOrStringFlag = false }
            case "x-kubernetes-preserve-unknown-fields":
                if case let .bool(flag) = value { node.preserveUnknownFields = flag } else { node.preserveUnknownFields = false }
            case "minimum":
                node.minimum = Self.number(value)
            case "maximum":
                node.maximum = Self.number(value)
            default:
                continue
            }
        }
        for key in ["oneOf", "anyOf"] {
            if case let .array(options)? = json[key] {
                node.alternatives += options.map { compile($0) }
            }
        }
        node.isInt32 = format == "int32"
        node.intOrString = intOrStringFlag || format == "int-or-string"
        return SchemaNode(node)
    }

    private static func number(_ value: JSONValue) -> Double? {
        if case let .number(text) = value { return Double(text) }
        return nil
    }

    /// Enum values as text: strings as they are, numbers and booleans as `NSNumber` prints them
    /// (what the schemas gave when they were read through `JSONSerialization`); null and collections are skipped.
    private static func enumText(_ value: JSONValue) -> String? {
        switch value {
        case let .string(text): return text
        case let .number(text):
            if let integer = Int(text) { return NSNumber(value: integer).stringValue }
            return Double(text).map { NSNumber(value: $0).stringValue }
        case let .bool(flag): return NSNumber(value: flag).stringValue
        default: return nil
        }
    }
}
