/// The definitions of a bundled schema file, read on demand: the file's bytes and, for each
/// definition name, where its JSON is. `definition(named:)` parses one definition and adds the
/// enums of `KubernetesEnums`.
struct DefinitionSource: Sendable {
    private let bytes: [UInt8]
    private let ranges: [String: Range<Int>]

    /// A bundle file `{"defs": {name: schema, ...}, "kinds": {"apps/v1/Deployment": name, ...}, ...}`.
    struct BundleFile {
        var source: DefinitionSource
        var kinds: [String: String]

        init(bytes: [UInt8]) throws(JSONValue.ParseError) {
            var parser = JSONValue.Parser(bytes: bytes)
            var ranges: [String: Range<Int>] = [:]
            var kinds: [String: String]?
            for member in try parser.memberRanges() {
                switch member.key {
                case "defs":
                    var defs = JSONValue.Parser(bytes: bytes, at: member.range.lowerBound)
                    for definition in try defs.memberRanges() { ranges[definition.key] = definition.range }
                case "kinds":
                    var values = JSONValue.Parser(bytes: bytes, at: member.range.lowerBound)
                    let parsed = try values.parseValue(depth: 0)
                    var map: [String: String] = [:]
                    for kind in parsed.members ?? [] {
                        guard let name = kind.value.string else {
                            throw JSONValue.ParseError(message: "kind \(kind.key) does not name a definition", offset: member.range.lowerBound)
                        }
                        map[kind.key] = name
                    }
                    kinds = map
                default:
                    continue
                }
            }
            guard let kinds, !ranges.isEmpty else {
                throw JSONValue.ParseError(message: "no defs or kinds", offset: 0)
            }
            self.kinds = kinds
            source = DefinitionSource(bytes: bytes, ranges: ranges)
        }
    }

    func contains(_ name: String) -> Bool {
        ranges[name] != nil
    }

    /// The JSON of definition `name` with Kubernetes' enums added; nil when there is no such definition.
    func definition(named name: String) -> JSONValue? {
        guard let range = ranges[name] else { return nil }
        var parser = JSONValue.Parser(bytes: bytes, at: range.lowerBound)
        guard let json = try? parser.parseValue(depth: 0) else { return nil }
        return KubernetesEnums.apply(to: json, definition: name)
    }
}
