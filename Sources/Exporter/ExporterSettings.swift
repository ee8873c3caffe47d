import Logging
import OpsCore
import Postgres

/// Everything `opsctl exporter` runs with, resolved in one place:
/// config file < environment < flags.
///
/// | setting    | file (`exporter:`) | environment            | flag             | default        |
/// |------------|--------------------|------------------------|------------------|----------------|
/// | config     | —                  | `OPSCTL_CONFIG`        | `--config`       | built-in       |
/// | listen     | `listen`           | `OPSCTL_EXPORTER_LISTEN` | `--listen`     | 0.0.0.0:9188   |
/// | log level  | `log_level`        | `OPSCTL_LOG_LEVEL`     | `--log-level`    | info           |
/// | database   | —                  | `DATABASE_URL`, `PG*`  | `--database-url` | libpq defaults |
public struct ExporterSettings: Sendable {
    public struct Flags: Sendable {
        public var configPath: String?
        public var databaseURL: String?
        public var listen: String?
        public var logLevel: String?

        public init(configPath: String? = nil, databaseURL: String? = nil, listen: String? = nil, logLevel: String? = nil) {
            self.configPath = configPath
            self.databaseURL = databaseURL
            self.listen = listen
            self.logLevel = logLevel
        }
    }

    public static let defaultListen = ListenAddress(host: "0.0.0.0", port: 9188)

    public var config: ExporterConfig
    /// The file the collectors came from (or the built-in default's label).
    public var configSource: String
    public var listen: ListenAddress
    public var logLevel: Logger.Level
    public var database: PostgresConfig

    /// Resolves the settings; any bad value is a `ConfigError` naming where it came from.
    public static func resolve(flags: Flags, environment: [String: String]) throws -> ExporterSettings {
        let file: ConfigFile
        if let path = flags.configPath ?? environment["OPSCTL_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            file = try ConfigFile.load(path: path)
        } else {
            file = try ConfigFile.parse(yaml: DefaultConfig.yaml, source: DefaultConfig.source)
        }
        let config = try ExporterConfig(file: file)

        var listen = config.listen ?? defaultListen
        if let text = environment["OPSCTL_EXPORTER_LISTEN"], !text.isEmpty {
            listen = try parse(text, source: "environment variable OPSCTL_EXPORTER_LISTEN") { try ListenAddress(parsing: $0) }
        }
        if let text = flags.listen {
            listen = try parse(text, source: "flag --listen") { try ListenAddress(parsing: $0) }
        }

        var level = config.logLevel ?? .info
        if let text = environment["OPSCTL_LOG_LEVEL"], !text.isEmpty {
            level = try parse(text, source: "environment variable OPSCTL_LOG_LEVEL") { try LoggingSetup.parseLevel($0) }
        }
        if let text = flags.logLevel {
            level = try parse(text, source: "flag --log-level") { try LoggingSetup.parseLevel($0) }
        }

        var database = PostgresConfig.resolve(databaseURL: flags.databaseURL, environment: environment)
        do {
            try database.checkConnectionString()
        } catch {
            let source = flags.databaseURL?.isEmpty == false ? "flag --database-url" : "environment variable DATABASE_URL"
            throw ConfigError(source: source, message: "\(error)")
        }
        database.applicationName = "opsctl-exporter"
        return ExporterSettings(config: config, configSource: file.source, listen: listen, logLevel: level, database: database)
    }

    private static func parse<T>(_ text: String, source: String, _ body: (String) throws -> T) throws -> T {
        do {
            return try body(text)
        } catch {
            throw ConfigError(source: source, message: "\(error)")
        }
    }
}
