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
        if let path = flags.configPath ?? environment["OPSCTL_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            config = try QuotaConfig(file: try ConfigFile.load(path: path))
            source = path
        }

        var listen = config.watcher.listen ?? defaultListen
        if let text = environment["OPSCTL_QUOTA_LISTEN"], !text.isEmpty {
            listen = try parse(text, source: "environment variable OPSCTL_QUOTA_LISTEN") { try ListenAddress(parsing: $0) }
        }
        if let text = flags.listen { listen = try parse(text, source: "flag --listen") { try ListenAddress(parsing: $0) } }

        var admission = config.watcher.admissionListen ?? defaultAdmissionListen
        if let text = environment["OPSCTL_QUOTA_ADMISSION_LISTEN"], !text.isEmpty {
            admission = try parse(text, source: "environment variable OPSCTL_QUOTA_ADMISSION_LISTEN") { try ListenAddress(parsing: $0) }
        }
        if let text = flags.admissionListen {
            admission = try parse(text, source: "flag --admission-listen") { try ListenAddress(parsing: $0) }
        }

        var level = config.watcher.logLevel ?? .info
        if let text = environment["OPSCTL_LOG_LEVEL"], !text.isEmpty {
            level = try parse(text, source: "environment variable OPSCTL_LOG_LEVEL") { try LoggingSetup.parseLevel($0) }
        }
        if let text = flags.logLevel { level = try parse(text, source: "flag --log-level") { try LoggingSetup.parseLevel($0) } }

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
        do {
            try database.checkConnectionString()
        } catch {
            let place = flags.databaseURL?.isEmpty == false ? "flag --database-url" : "environment variable DATABASE_URL"
            throw ConfigError(source: place, message: "\(error)")
        }
        database.applicationName = applicationName
        return QuotaSettings(config: config, configSource: source, listen: listen, admissionListen: admission,
                             logLevel: level, database: database, pseudonymKey: key)
    }

    private static func parse<T>(_ text: String, source: String, _ body: (String) throws -> T) throws -> T {
        do { return try body(text) } catch { throw ConfigError(source: source, message: "\(error)") }
    }
}
