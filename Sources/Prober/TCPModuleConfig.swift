import OpsCore

/// The `tcp:` part of a module: blackbox_exporter's tcp prober fields that opsctl implements.
///
/// `query_response` steps run in order over one connection, each `expect` against the
/// lines of the answer read so far, each `send` once the steps before it are done
/// (`QueryResponse` says how).
public struct TCPModuleConfig: Sendable {
    public struct Step: Sendable {
        public var expect: Pattern?
        public var send: String?
    }

    public var queryResponse: [Step] = []
    public var tls = false
    public var tlsConfig = TLSSettings()
    public var ipPreference: IPPreference = .any

    public init() {}

    static let keys = ["query_response", "tls", "tls_config", "preferred_ip_protocol", "ip_protocol_fallback"]
    static let unsupported = ["source_ip_address"]
    static let stepKeys = ["expect", "send"]

    init(node: ConfigNode) throws {
        let map = try ConfigKeys.mapping(node, supported: Self.keys, unsupported: Self.unsupported, what: "tcp")
        queryResponse = try map.optional("query_response")?.sequence().map { item in
            let step = try ConfigKeys.mapping(item, supported: Self.stepKeys, unsupported: ["starttls", "expect_bytes", "send_bytes"],
                                              what: "tcp query_response")
            let expect = try step.optional("expect").map(Pattern.from)
            let send = try step.optional("send")?.string()
            if expect == nil && send == nil { throw item.error("a query_response step needs expect or send") }
            return Step(expect: expect, send: send)
        } ?? []
        tls = try map.optional("tls")?.bool() ?? false
        if let node = map.optional("tls_config") { tlsConfig = try TLSSettings(node: node) }
        ipPreference = try IPPreference.read(map)
    }

    var script: QueryResponse { QueryResponse(steps: queryResponse) }
}
