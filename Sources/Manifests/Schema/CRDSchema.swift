/// Turns a CustomResourceDefinition's `openAPIV3Schema` into the strict JSON schema opsctl validates
/// custom resources with — the same way for the bundled prometheus-operator CRDs, CRDs in the run and
/// `--crd` files:
///
/// - an object schema that lists `properties` gets `additionalProperties: false` (unknown fields are
///   errors, as `kubectl apply --validate=strict` reports them), unless it sets
///   `x-kubernetes-preserve-unknown-fields: true` or its own `additionalProperties`; branches of
///   `allOf`/`anyOf`/`oneOf` are left open (they only add constraints to the fields of their parent);
/// - the root and every `x-kubernetes-embedded-resource` get `apiVersion`, `kind` and a `metadata`
///   that is Kubernetes' ObjectMeta (its definition comes from the bundled Kubernetes schemas);
/// - `x-kubernetes-int-or-string` and `x-kubernetes-preserve-unknown-fields` are read by the compiler.
///
/// Hostile schemas are bounded: nesting deeper than `maxDepth`, an enum over `maxEnumValues`, more than
/// `maxNodes` schema nodes, or a schema that is not an object are `Problem`s with the path inside
/// the schema; the offending part is replaced by "anything" and the rest is still used.
struct CRDSchema {
    static let objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    static let maxDepth = 64
    static let maxEnumValues = 2_000
    static let maxNodes = 100_000

    struct Problem: Sendable, Hashable {
        var message: String
        /// Path inside `openAPIV3Schema`.
        var path: NodePath
    }

    private(set) var problems: [Problem] = []
    private var nodes = 0

    /// The strict schema for `openAPIV3Schema` (given as JSON), and what was wrong with it.
    static func strict(_ schema: JSONValue) -> (schema: JSONValue, problems: [Problem]) {
        var converter = CRDSchema()
        guard case .object = schema else {
            converter.problems.append(Problem(message: "openAPIV3Schema must be a mapping, not \(schema.typeName)", path: .root))
            return (.object([]), converter.problems)
        }
        let converted = converter.convert(schema, path: .root, depth: 0, open: false, isRoot: true)
        return (converted, converter.problems)
    }

    private mutating func convert(_ schema: JSONValue, path: NodePath, depth: Int, open: Bool, isRoot: Bool = false) -> JSONValue {
        guard case let .object(members) = schema else {
            problems.append(Problem(message: "\(describe(path)) must be a schema (a mapping), not \(schema.typeName)", path: path))
            return .object([])
        }
        guard depth < Self.maxDepth else {
            problems.append(Problem(message: "\(describe(path)) nests deeper than \(Self.maxDepth) levels; not validated below", path: path))
            return .object([])
        }
        nodes += 1
        guard nodes <= Self.maxNodes else {
            if nodes == Self.maxNodes + 1 {
                problems.append(Problem(message: "the schema has more than \(Self.maxNodes) nodes; not validated past \(describe(path))", path: path))
            }
            return .object([])
        }
        var out: [JSONValue.Member] = []
        var hasProperties = false
        var hasAdditional = false
        var preserve = false
        var embedded = false
        for member in members {
            let key = member.key
            let value = member.value
            let childPath = path.appending(key: key)
            switch key {
            case "properties":
                hasProperties = true
                var properties: [JSONValue.Member] = []
                for property in value.members ?? [] {
                    let converted = convert(property.value, path: childPath.appending(key: property.key), depth: depth + 1, open: false)
                    properties.append(JSONValue.Member(key: property.key, value: converted))
                }
                if value.members == nil {
                    problems.append(Problem(message: "\(describe(childPath)) must be a mapping of field schemas, not \(value.typeName)", path: childPath))
                }
                out.append(JSONValue.Member(key: key, value: .object(properties)))
            case "items":
                if case .array = value {
                    problems.append(Problem(message: "\(describe(childPath)) must be one schema (a list of schemas is not allowed in a CRD)", path: childPath))
                    continue
                }
                out.append(JSONValue.Member(key: key, value: convert(value, path: childPath, depth: depth + 1, open: false)))
            case "additionalProperties":
                hasAdditional = true
                if case .object = value {
                    out.append(JSONValue.Member(key: key, value: convert(value, path: childPath, depth: depth + 1, open: false)))
                } else {
                    out.append(member)
                }
            case "allOf", "anyOf", "oneOf":
                guard case let .array(parts) = value else {
                    problems.append(Problem(message: "\(describe(childPath)) must be a list of schemas, not \(value.typeName)", path: childPath))
                    continue
                }
                let converted = parts.enumerated().map { index, part in
                    convert(part, path: childPath.appending(index: index), depth: depth + 1, open: true)
                }
                out.append(JSONValue.Member(key: key, value: .array(converted)))
            case "enum":
                if case let .array(values) = value, values.count > Self.maxEnumValues {
                    problems.append(Problem(message: "\(describe(childPath)) lists \(values.count) values, more than \(Self.maxEnumValues); the enum is not checked", path: childPath))
                    continue
                }
                out.append(member)
            case "x-kubernetes-preserve-unknown-fields":
                if case .bool(true) = value { preserve = true }
                out.append(member)
            case "x-kubernetes-embedded-resource":
                if case .bool(true) = value { embedded = true }
            case "not":
                continue
            default:
                out.append(member)
            }
        }
        if isRoot || embedded {
            out = Self.addingObjectFields(to: out)
            hasProperties = true
        }
        if embedded, !isRoot {
            // An embedded object must say what it is (the API server rejects it otherwise).
            var required = out.first { $0.key == "required" }?.value
            if case let .array(names)? = required {
                required = .array(names + ["apiVersion", "kind"].filter { name in !names.contains { $0.string == name } }.map(JSONValue.string))
            } else {
                required = .array([.string("apiVersion"), .string("kind")])
            }
            out.removeAll { $0.key == "required" }
            out.append(JSONValue.Member(key: "required", value: required ?? .array([])))
        }
        if hasProperties, !hasAdditional, !preserve, !open {
            out.append(JSONValue.Member(key: "additionalProperties", value: .bool(false)))
        }
        return .object(out)
    }

    /// `apiVersion`, `kind` (strings) and `metadata` (ObjectMeta) in `properties`, replacing what the CRD says
    /// about metadata (the API server validates it as ObjectMeta whatever the CRD writes).
    private static func addingObjectFields(to members: [JSONValue.Member]) -> [JSONValue.Member] {
        var members = members
        var properties = members.first { $0.key == "properties" }?.value.members ?? []
        properties.removeAll { $0.key == "metadata" }
        properties.append(JSONValue.Member(key: "metadata", value: .object([JSONValue.Member(key: "$ref", value: .string(objectMeta))])))
        for field in ["apiVersion", "kind"] where !properties.contains(where: { $0.key == field }) {
            properties.append(JSONValue.Member(key: field, value: .object([JSONValue.Member(key: "type", value: .string("string"))])))
        }
        members.removeAll { $0.key == "properties" }
        members.append(JSONValue.Member(key: "properties", value: .object(properties)))
        return members
    }

    private func describe(_ path: NodePath) -> String {
        path.isEmpty ? "openAPIV3Schema" : "openAPIV3Schema.\(path)"
    }
}

extension JSONValue {
    /// A YAML node as JSON (a CRD read from a manifest): numbers keep their text, booleans and null resolve.
    init(yaml node: YAMLNode) {
        switch node.content {
        case let .mapping(entries):
            self = .object(entries.map { Member(key: $0.key, value: JSONValue(yaml: $0.value)) })
        case let .sequence(items):
            self = .array(items.map(JSONValue.init(yaml:)))
        case let .scalar(scalar):
            switch scalar.kind {
            case .string: self = .string(scalar.text)
            case .integer: self = scalar.int.map { .number(String($0)) } ?? .string(scalar.text)
            case .float: self = scalar.double.map { .number(String($0)) } ?? .string(scalar.text)
            case .boolean: self = .bool(scalar.bool ?? false)
            case .null: self = .null
            }
        }
    }

    /// `mapping`, `list`, `string`, ... for messages.
    var typeName: String {
        switch self {
        case .object: return "a mapping"
        case .array: return "a list"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}
