import Foundation
import Logging
import OpsCore
import Postgres

/// Everything `opsctl quota` and `opsctl quota-watcher` run with, resolved in one place:
/// config file < environment < flags.
///
/// | setting          | file (`quota:`)              | environment                      | flag                 | default          |
/// |------------------|------------------------------|----------------------------------|----------------------|------------------|
/// | config           | —                            | `OPSCTL_CONFIG`                  | `--config`           | none (defaults)  |
/// | metrics listen   | `watcher.listen`             | `OPSCTL_QUOTA_LISTEN`            | `--listen`           | 0.0.0.0:9189     |
/// | admission listen | `watcher.admission_listen`   | `OPSCTL_QUOTA_ADMISSION_LISTEN`  | `--admission-listen` | 127.0.0.1:9190   |
/// | log level        | `watcher.log_level`          | `OPSCTL_LOG_LEVEL`               | `--log-level`        | info             |
/// | pseudonym key    | `watcher.pseudonym_key_file` | `OPSCTL_QUOTA_PSEUDONYM_KEY`     | —                    | none (raw ids)   |
/// | database         | —                            | `DATABASE_URL`, `PG*`            | `--database-url`     | libpq defaults   |
public struct QuotaSettings: Sendable {
    public struct Flags: Sendable {
        public var configPath: String?
        public var databaseURL: String?
        public var listen: String?
        public var admissionListen: String?
        public var logLevel: String?

        public init(configPath: String? = nil, databaseURL: String? = nil, listen: String? = nil,
                    admissionListen: String? = nil, logLevel: String? = nil) {
            self.configPath = configPath
            self.databaseURL = databaseURL
            self.listen = listen
            self.admissionListen = admissionListen
            self.logLevel = logLevel
        }
    }

    public static let defaultListen = ListenAddress(host: "0.0.0.0", port: 9189)
    public static let defaultAdmissionListen = ListenAddress(host: "127.0.0.1", port: 9190)

    public var config: QuotaConfig
    public var configSource: String
    public var listen: ListenAddress
    public var admissionListen: ListenAddress
    public var logLevel: Logger.Level
    public var database: PostgresConfig
    /// The key user ids are pseudonymized with in metrics; nil: ids are shown as they are.
    public var pseudonymKey: [UInt8]?

    public init(config: QuotaConfig, configSource: String, listen: ListenAddress, admissionListen: ListenAddress,
                logLevel: Logger.Level, database: PostgresConfig, pseudonymKey: [UInt8]?) {
        self.config = config
        self.configSource = configSource
        self.listen = listen
        self.admissionListen = admissionListen
        self.logLevel = logLevel
        self.database = database
        self.pseudonymKey = pseudonymKey
    }

    public static func resolve(flags: Flags, environment: [String: String], applicationName: String) throws -> QuotaSettings {
        var config = QuotaConfig()
        var source = "<defaults>"
        if let path = SettingLayers.configPath(flag: flags.configPath, environment: environment) {
            config = try QuotaConfig(file: try ConfigFile.load(path: path))
            source = path
        }
        let listen = try SettingLayers.listen(file: config.watcher.listen, fallback: defaultListen, variable: "OPSCTL_QUOTA_LISTEN",
                                              flag: flags.listen, environment: environment)
        let admission = try SettingLayers.listen(file: config.watcher.admissionListen, fallback: defaultAdmissionListen,
                                                 variable: "OPSCTL_QUOTA_ADMISSION_LISTEN", flagName: "--admission-listen",
                                                 flag: flags.admissionListen, environment: environment)
        let level = try SettingLayers.logLevel(file: config.watcher.logLevel, flag: flags.logLevel, environment: environment)

        var key: [UInt8]?
        if let text = environment["OPSCTL_QUOTA_PSEUDONYM_KEY"], !text.isEmpty {
            key = Array(text.utf8)
        } else if let path = config.watcher.pseudonymKeyFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError(source: source, message: "quota.watcher.pseudonym_key_file: cannot read '\(path)'")
            }
            var bytes = Array(data)
            while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 { bytes.removeLast() }
            guard bytes.count >= 16 else {
                throw ConfigError(source: source, message: "quota.watcher.pseudonym_key_file: '\(path)' holds fewer than 16 bytes; use a random key of 32 bytes or more")
            }
            key = bytes
        }

        var database = PostgresConfig.resolve(databaseURL: flags.databaseURL, environment: environment)
        try SettingLayers.checkDatabaseURL(flag: flags.databaseURL) { try database.checkConnectionString() }
        database.applicationName = applicationName
        return QuotaSettings(config: config, configSource: source, listen: listen, admissionListen: admission,
                             logLevel: level, database: database, pseudonymKey: key)
    }
}
