/// One compiled JSON schema node (the subset Kubernetes' schemas use): type, properties,
/// additionalProperties, required, enum, items, format, oneOf/anyOf/allOf, minimum/maximum, and the
/// x-kubernetes int-or-string / preserve-unknown-fields extensions.
///
/// Children are indices into `CompiledSchema.nodes`. A `$ref` is not a node of its own: the
/// compiler points straight at the definition it names (as validation always did, the keywords
/// beside a `$ref` are ignored), and a `$ref` that names nothing points at `SchemaNode.anything`.
public final class SchemaNode: Sendable {
    public enum JSONType: String, Sendable, Hashable, CaseIterable {
        case string, integer, number, boolean, object, array, null

        var bit: UInt8 {
            switch self {
            case .string: return 1
            case .integer: return 2
            case .number: return 4
            case .boolean: return 8
            case .object: return 16
            case .array: return 32
            case .null: return 64
            }
        }
    }

    public enum Additional: Sendable {
        /// No `additionalProperties`: unknown fields are allowed (draft semantics).
        case allowed
        /// `additionalProperties: false`: unknown fields are errors (the strict Kubernetes schemas).
        case forbidden
        /// `additionalProperties: {schema}`: every other field must match it (maps such as labels).
        case schema(Int)
    }

    /// The keywords of one node while it is being compiled.
    struct Keywords {
        var types: Set<JSONType>?
        var properties: [String: Int] = [:]
        var additional: Additional = .allowed
        var required: [String] = []
        var enumValues: [String]?
        var items: Int?
        var isInt32 = false
        var alternatives: [Int] = []
        var allOf: [Int] = []
        var intOrString = false
        var preserveUnknownFields = false
        var minimum: Double?
        var maximum: Double?
    }

    /// nil: any type.
    public let types: Set<JSONType>?
    /// `types` as bits of `JSONType.bit` (checked for every node of every document).
    let typeBits: UInt8
    /// Property name -> node.
    public let properties: [String: Int]
    /// `properties`, as the validator looks them up.
    let propertyLookup: PropertyLookup
    /// False when the node has no `type` (any type); read instead of `types` for every node.
    let hasTypes: Bool
    /// The property names, sorted (the candidates for "did you mean").
    public let propertyNames: [String]
    public let additional: Additional
    public let required: [String]
    public let enumValues: [String]?
    public let items: Int?
    /// `format: int32`: integers outside the 32-bit range are violations.
    public let isInt32: Bool
    /// `oneOf` then `anyOf` (both are checked as anyOf).
    public let alternatives: [Int]
    public let allOf: [Int]
    public let intOrString: Bool
    public let preserveUnknownFields: Bool
    public let minimum: Double?
    public let maximum: Double?

    init(_ keywords: Keywords) {
        types = keywords.types
        typeBits = keywords.types.map { $0.reduce(0) { $0 | $1.bit } } ?? 0
        properties = keywords.properties
        propertyLookup = PropertyLookup(keywords.properties)
        hasTypes = keywords.types != nil
        propertyNames = keywords.properties.keys.sorted()
        additional = keywords.additional
        required = keywords.required
        enumValues = keywords.enumValues
        items = keywords.items
        isInt32 = keywords.isInt32
        alternatives = keywords.alternatives
        allOf = keywords.allOf
        intOrString = keywords.intOrString
        preserveUnknownFields = keywords.preserveUnknownFields
        minimum = keywords.minimum
        maximum = keywords.maximum
    }

    /// The schema that accepts everything (also what an unresolvable `$ref` becomes).
    public static let anything = SchemaNode(Keywords())
    /// The index of `anything` in every `CompiledSchema`.
    public static let anythingIndex = 0

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
    /// `nodes` as unretained references, for the validator's walk: reading a class reference out
    /// of an array retains it (and releases it after), for every node of every document
    /// (bench/manifests/README.md, branch manifests5). `nodes` keeps each one alive.
    let unretainedNodes: [Unmanaged<SchemaNode>]

    public init(nodes: [SchemaNode], root: Int) {
        self.nodes = nodes
        self.root = root
        unretainedNodes = nodes.map { Unmanaged.passUnretained($0) }
    }

    public var rootNode: SchemaNode { nodes[root] }
}
