import OpsCore

/// The `postgres:` part of a module (opsctl's own prober): the query to run after
/// connecting. The session is read-only (`default_transaction_read_only=on`).
public struct PostgresModuleConfig: Sendable {
    public var query = "SELECT 1"

    public init() {}

    static let keys = ["query"]

    init(node: ConfigNode) throws {
        let map = try ConfigKeys.mapping(node, supported: Self.keys, what: "postgres")
        if let node = map.optional("query") {
            query = try node.string()
            if query.trimmingWhitespaceAndNewlines().isEmpty { throw node.error("query must not be empty") }
        }
    }
}

extension String {
    func trimmingWhitespaceAndNewlines() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
