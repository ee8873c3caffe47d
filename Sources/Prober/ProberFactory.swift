import HTTPClient

/// Builds the prober of a module: one place that knows which prober serves which module kind.
public struct ProberFactory: Sendable {
    public let client: HTTPClient
    /// Where gmail modules read `token_env` from.
    public let environment: [String: String]
    /// gmail modules' OAuth access tokens, shared by every probe this factory makes.
    let tokens = AccessTokenCache()

    public init(client: HTTPClient, environment: [String: String]) {
        self.client = client
        self.environment = environment
    }

    public func make(_ module: ModuleConfig) -> any TargetProber {
        switch module.settings {
        case .http(let config): return HTTPProber(config: config, client: client)
        case .tcp(let config): return TCPProber(config: config, client: client)
        case .postgres(let config): return PostgresProber(config: config)
        case .gmail(let config): return GmailProber(config: config, client: client, environment: environment, tokens: tokens)
        }
    }

    /// Whether `target` has the shape `module`'s prober needs.
    public static func validate(target: String, module: ModuleConfig) throws(TargetError) {
        switch module.settings {
        case .http: try HTTPProber.validate(target: target)
        case .tcp: try TCPProber.validate(target: target)
        case .postgres: try PostgresProber.validate(target: target)
        case .gmail: try GmailProber.validate(target: target)
        }
    }

    /// Runs one probe of `target` with `module` under a hard deadline of `timeout`.
    public func run(_ module: ModuleConfig, target: String, timeout: Duration, log: ProbeLog) async -> ProbeResult {
        await ProbeDeadline.run(prober: make(module), target: target, timeout: timeout, log: log)
    }
}
