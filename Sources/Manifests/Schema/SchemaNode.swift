/// One compiled JSON schema node (the subset Kubernetes' schemas use): type, properties,
/// additionalProperties, required, enum, items, format, oneOf/anyOf/allOf, minimum/maximum, and the
/// x-kubernetes int-or-string / preserve-unknown-fields extensions.
///
/// Children are indices into `CompiledSchema.nodes`. A `$ref` is not a node of its own: the
/// compiler points straight at the definition it names (as validation always did, the keywords
/// beside a `$ref` are ignored), and a `$ref` that names nothing points at `SchemaNode.anything`.
public struct SchemaNode: Sendable {
    public enum JSONType: String, Sendable, Hashable, CaseIterable {
        case string, integer, number, boolean, object, array, null
    }

    public enum Additional: Sendable {
        /// No `additionalProperties`: unknown fields are allowed (draft semantics).
        case allowed
        /// `additionalProperties: false`: unknown fields are errors (the strict Kubernetes schemas).
        case forbidden
        /// `additionalProperties: {schema}`: every other field must match it (maps such as labels).
        case schema(Int)
    }

    /// nil: any type.
    public var types: Set<JSONType>?
    /// Property name -> node.
    public var properties: [String: Int] = [:]
    /// The property names, sorted (the candidates for "did you mean").
    public var propertyNames: [String] = []
    public var additional: Additional = .allowed
    public var required: [String] = []
    public var enumValues: [String]?
    public var items: Int?
    /// `format: int32`: integers outside the 32-bit range are violations.
    public var isInt32 = false
    /// `oneOf` then `anyOf` (both are checked as anyOf).
    public var alternatives: [Int] = []
    public var allOf: [Int] = []
    public var intOrString = false
    public var preserveUnknownFields = false
    public var minimum: Double?
    public var maximum: Double?

    /// The schema that accepts everything (also what an unresolvable `$ref` becomes).
    public static let anything = SchemaNode()
    /// The index of `anything` in every `CompiledSchema`.
    public static let anythingIndex = 0

    public init() {}

    /// `/api/_definitions.json#/$defs/io.k8s.api.core.v1.Container` -> `io.k8s.api.core.v1.Container`.
    static func definitionName(of ref: String) -> String {
        guard let slash = ref.lastIndex(of: "/") else { return ref }
        return String(ref[ref.index(after: slash)...])
    }
}

/// A root schema with every node it reaches, `$ref`s resolved; immutable, shared by all threads.
public struct CompiledSchema: Sendable {
    public let nodes: [SchemaNode]
    public let root: Int

    public var rootNode: SchemaNode { nodes[root] }
}
