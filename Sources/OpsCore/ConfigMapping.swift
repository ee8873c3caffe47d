/// The checked entries of a mapping node.
public struct ConfigMapping: Sendable {
    public let node: ConfigNode
    public let entries: [(key: String, value: ConfigNode)]

    public subscript(key: String) -> ConfigNode? {
        entries.first { $0.key == key }.map { $0.value }
    }

    /// The value of a key that must be present (and not null).
    public func required(_ key: String) throws -> ConfigNode {
        guard let value = self[key], !value.isNull else {
            throw node.error("missing required key '\(key)'")
        }
        return value
    }

    /// The value of an optional key; an explicit null counts as absent.
    public func optional(_ key: String) -> ConfigNode? {
        guard let value = self[key], !value.isNull else { return nil }
        return value
    }
}
