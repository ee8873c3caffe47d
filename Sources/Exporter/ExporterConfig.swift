import Logging
import OpsCore

/// The `exporter:` section of opsctl.yaml.
public struct ExporterConfig: Sendable {
    public var listen: ListenAddress?
    public var logLevel: Logger.Level?
    /// Database connections the exporter may hold (1 or 2).
    public var maxConnections: Int
    /// Whether to serve the built-in PostgreSQL health metrics (pg_up is always served).
    public var postgresHealth: Bool
    /// Timeout of the `pg_up` check and of each built-in health collector.
    public var postgresHealthTimeout: Duration
    public var collectors: [CollectorConfig]
    /// Whether to release the file-backed pages used only to start: once the configuration is
    /// read, when the server starts listening, after the first collection that reaches the
    /// database (`StartupPageRelease`).
    public var releaseStartupPages: Bool

    public init(listen: ListenAddress? = nil, logLevel: Logger.Level? = nil, maxConnections: Int = 2,
                postgresHealth: Bool = true, postgresHealthTimeout: Duration = .seconds(3),
                collectors: [CollectorConfig] = [], releaseStartupPages: Bool = true) {
        self.listen = listen
        self.logLevel = logLevel
        self.maxConnections = maxConnections
        self.postgresHealth = postgresHealth
        self.postgresHealthTimeout = postgresHealthTimeout
        self.collectors = collectors
        self.releaseStartupPages = releaseStartupPages
    }

    static let keys = ["listen", "log_level", "max_connections", "postgres_health", "postgres_health_timeout", "release_startup_pages", "collectors"]

    /// Reads the `exporter:` section of a parsed file; a file without one gives the defaults
    /// with no collectors.
    public init(file: ConfigFile) throws {
        self.init()
        guard let section = file.section("exporter") else { return }
        let map = try section.mapping(allowedKeys: Self.keys)
        listen = try map.optional("listen")?.listenAddress()
        logLevel = try map.optional("log_level")?.logLevel()
        let connectionsNode = map.optional("max_connections")
        maxConnections = try connectionsNode?.int() ?? 2
        if let connectionsNode, !(1...2).contains(maxConnections) {
            throw connectionsNode.error("max_connections must be 1 or 2 (the exporter never holds more)")
        }
        postgresHealth = try map.optional("postgres_health")?.bool() ?? true
        if let node = map.optional("postgres_health_timeout") {
            postgresHealthTimeout = try node.duration()
            if postgresHealthTimeout <= .zero { throw node.error("postgres_health_timeout must be more than 0") }
        }
        releaseStartupPages = try map.optional("release_startup_pages")?.bool() ?? true
        let collectorsNode = map.optional("collectors")
        collectors = try collectorsNode?.sequence().map(CollectorConfig.init(node:)) ?? []

        var names: Set<String> = []
        for (collector, node) in zip(collectors, (try collectorsNode?.sequence()) ?? []) {
            guard names.insert(collector.name).inserted else {
                throw node.error("collector name '\(collector.name)' is used twice")
            }
        }
    }
}
