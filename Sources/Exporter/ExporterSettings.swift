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
        if let path = SettingLayers.configPath(flag: flags.configPath, environment: environment) {
            file = try ConfigFile.load(path: path)
        } else {
            file = try ConfigFile.parse(yaml: DefaultConfig.yaml, source: DefaultConfig.source)
        }
        let config = try ExporterConfig(file: file)
        let listen = try SettingLayers.listen(file: config.listen, fallback: defaultListen, variable: "OPSCTL_EXPORTER_LISTEN",
                                              flag: flags.listen, environment: environment)
        let level = try SettingLayers.logLevel(file: config.logLevel, flag: flags.logLevel, environment: environment)
        var database = PostgresConfig.resolve(databaseURL: flags.databaseURL, environment: environment)
        try SettingLayers.checkDatabaseURL(flag: flags.databaseURL) { try database.checkConnectionString() }
        database.applicationName = "opsctl-exporter"
        return ExporterSettings(config: config, configSource: file.source, listen: listen, logLevel: level, database: database)
    }
}
