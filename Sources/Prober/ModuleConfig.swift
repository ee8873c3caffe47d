import OpsCore

/// One probe module, as in blackbox.yml's `modules:` map: a prober, an optional timeout
/// and the prober's settings. `http` and `tcp` modules copied from a blackbox.yml read
/// unchanged; `postgres` and `gmail` are opsctl's own.
public struct ModuleConfig: Sendable {
    public enum Settings: Sendable {
        case http(HTTPModuleConfig)
        case tcp(TCPModuleConfig)
        case postgres(PostgresModuleConfig)
        case gmail(GmailModuleConfig)

        public var proberName: String {
            switch self {
            case .http: return "http"
            case .tcp: return "tcp"
            case .postgres: return "postgres"
            case .gmail: return "gmail"
            }
        }
    }

    public static let defaultTimeout: Duration = .seconds(5)

    public var name: String
    public var settings: Settings
    /// The module's own timeout; nil: the check's, else 5 s.
    public var timeout: Duration?

    public init(name: String, settings: Settings, timeout: Duration? = nil) {
        self.name = name
        self.settings = settings
        self.timeout = timeout
    }

    static let keys = ["prober", "timeout", "http", "tcp", "postgres", "gmail"]
    static let unsupported = ["icmp", "dns", "grpc", "websocket", "unix"]
    static let probers = ["http", "tcp", "postgres", "gmail"]

    init(name: String, node: ConfigNode) throws {
        let map = try ConfigKeys.mapping(node, supported: Self.keys, unsupported: Self.unsupported, what: "module")
        let proberNode = try map.required("prober")
        let prober = try proberNode.string()
        guard Self.probers.contains(prober) else {
            throw proberNode.error("prober '\(prober)' is not supported (opsctl has: \(Self.probers.joined(separator: ", ")))")
        }
        for other in Self.probers where other != prober {
            if let node = map[other] {
                throw node.error("a '\(other)' block in a module whose prober is '\(prober)'")
            }
        }
        if let node = map.optional("timeout") {
            let value = try node.duration()
            guard value > .zero else { throw node.error("timeout must be more than 0") }
            timeout = value
        } else {
            timeout = nil
        }
        self.name = name
        let block = map.optional(prober)
        switch prober {
        case "http": settings = .http(try block.map(HTTPModuleConfig.init(node:)) ?? HTTPModuleConfig())
        case "tcp": settings = .tcp(try block.map(TCPModuleConfig.init(node:)) ?? TCPModuleConfig())
        case "postgres": settings = .postgres(try block.map(PostgresModuleConfig.init(node:)) ?? PostgresModuleConfig())
        default: settings = .gmail(try block.map(GmailModuleConfig.init(node:)) ?? GmailModuleConfig())
        }
    }

    /// A `modules:` mapping (of opsctl.yaml's `prober:` section or of a blackbox.yml).
    static func readAll(_ node: ConfigNode) throws -> [ModuleConfig] {
        guard case .mapping(let pairs) = node.kind else {
            throw node.error("expected a mapping of module names to modules")
        }
        var seen: Set<String> = []
        return try pairs.map { keyNode, value in
            let name = try keyNode.string()
            guard seen.insert(name).inserted else { throw keyNode.error("module '\(name)' is defined twice") }
            return try ModuleConfig(name: name, node: value)
        }
    }

    /// The modules every prober has without configuration (a configured module of the same
    /// name replaces one): `http_2xx` and `tcp_connect` as in blackbox.yml's example,
    /// `postgres` (SELECT 1) and `gmail` (token from GMAIL_ACCESS_TOKEN).
    public static let builtIn: [ModuleConfig] = [
        ModuleConfig(name: "http_2xx", settings: .http(HTTPModuleConfig())),
        ModuleConfig(name: "tcp_connect", settings: .tcp(TCPModuleConfig())),
        ModuleConfig(name: "postgres", settings: .postgres(PostgresModuleConfig())),
        ModuleConfig(name: "gmail", settings: .gmail(GmailModuleConfig()), timeout: .seconds(10)),
    ]
}
