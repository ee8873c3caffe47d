/// One compiled JSON schema (the subset Kubernetes' schemas use): type, $ref, properties,
/// additionalProperties, required, enum, items, format, oneOf/anyOf/allOf, and the
/// x-kubernetes int-or-string / preserve-unknown-fields extensions.
public final class SchemaNode: Sendable {
    public enum JSONType: String, Sendable, Hashable {
        case string, integer, number, boolean, object, array, null
    }

    public enum Additional: Sendable {
        /// No `additionalProperties`: unknown fields are allowed (draft semantics).
        case allowed
        /// `additionalProperties: false`: unknown fields are errors (the strict Kubernetes schemas).
        case forbidden
        /// `additionalProperties: {schema}`: every other field must match it (maps such as labels).
        case schema(SchemaNode)
    }

    public let types: Set<JSONType>?
    public let ref: String?
    public let properties: [String: SchemaNode]
    public let additional: Additional
    public let required: [String]
    public let enumValues: [String]?
    public let items: SchemaNode?
    public let format: String?
    public let oneOf: [SchemaNode]
    public let anyOf: [SchemaNode]
    public let allOf: [SchemaNode]
    public let intOrString: Bool
    public let preserveUnknownFields: Bool
    public let minimum: Double?
    public let maximum: Double?

    /// Compiles a schema from parsed JSON (`JSONSerialization` output). `refPrefixes` are stripped
    /// from `$ref`s so that `#/definitions/X`, `#/$defs/X` and `X` all name definition `X`.
    public init(json: Any) {
        let object = json as? [String: Any] ?? [:]
        switch object["type"] {
        case let name as String:
            types = JSONType(rawValue: name).map { [$0] }
        case let names as [Any]:
            types = Set(names.compactMap { ($0 as? String).flatMap(JSONType.init(rawValue:)) })
        default:
            types = nil
        }
        ref = (object["$ref"] as? String).map(SchemaNode.definitionName(of:))
        properties = (object["properties"] as? [String: Any] ?? [:]).mapValues(SchemaNode.init(json:))
        switch object["additionalProperties"] {
        case let flag as Bool: additional = flag ? .allowed : .forbidden
        case let schema as [String: Any]: additional = .schema(SchemaNode(json: schema))
        default: additional = .allowed
        }
        required = object["required"] as? [String] ?? []
        if let values = object["enum"] as? [Any] {
            enumValues = values.compactMap { value in
                if let text = value as? String { return text }
                if let number = value as? NSNumberLike { return number.textValue }
                return nil
            }
        } else {
            enumValues = nil
        }
        items = object["items"].flatMap { ($0 as? [String: Any]).map(SchemaNode.init(json:)) }
        format = object["format"] as? String
        oneOf = (object["oneOf"] as? [Any] ?? []).map(SchemaNode.init(json:))
        anyOf = (object["anyOf"] as? [Any] ?? []).map(SchemaNode.init(json:))
        allOf = (object["allOf"] as? [Any] ?? []).map(SchemaNode.init(json:))
        intOrString = (object["x-kubernetes-int-or-string"] as? Bool ?? false) || format == "int-or-string"
        preserveUnknownFields = object["x-kubernetes-preserve-unknown-fields"] as? Bool ?? false
        minimum = (object["minimum"] as? NSNumberLike)?.doubleValue
        maximum = (object["maximum"] as? NSNumberLike)?.doubleValue
    }

    /// `/api/_definitions.json#/$defs/io.k8s.api.core.v1.Container` -> `io.k8s.api.core.v1.Container`.
    static func definitionName(of ref: String) -> String {
        guard let slash = ref.lastIndex(of: "/") else { return ref }
        return String(ref[ref.index(after: slash)...])
    }
}
