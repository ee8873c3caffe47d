import Logging
import OpsCore
import Postgres

/// Everything `opsctl prober` runs with, resolved in one place: config file < environment < flags.
///
/// | setting    | file (`prober:`) | environment           | flag                | default      |
/// |------------|------------------|-----------------------|---------------------|--------------|
/// | config     | —                | `OPSCTL_CONFIG`       | `--config`          | none         |
/// | blackbox   | —                | —                     | `--blackbox-config` | none         |
/// | listen     | `listen`         | `OPSCTL_PROBER_LISTEN`| `--listen`          | 0.0.0.0:9191 |
/// | log level  | `log_level`      | `OPSCTL_LOG_LEVEL`    | `--log-level`       | info         |
/// | timeout offset | `timeout_offset` | `OPSCTL_PROBER_TIMEOUT_OFFSET` | `--timeout-offset` | 500ms |
public struct ProberSettings: Sendable {
    public struct Flags: Sendable {
        public var configPath: String?
        public var blackboxConfigPath: String?
        public var listen: String?
        public var logLevel: String?
        public var timeoutOffset: String?

        public init(configPath: String? = nil, blackboxConfigPath: String? = nil, listen: String? = nil, logLevel: String? = nil,
                    timeoutOffset: String? = nil) {
            self.configPath = configPath
            self.blackboxConfigPath = blackboxConfigPath
            self.listen = listen
            self.logLevel = logLevel
            self.timeoutOffset = timeoutOffset
        }
    }

    public static let defaultListen = ListenAddress(host: "0.0.0.0", port: 9191)

    public var config: ProberConfig
    public var checks: [Check]
    public var configSource: String
    public var listen: ListenAddress
    public var logLevel: Logger.Level
    /// Taken from `X-Prometheus-Scrape-Timeout-Seconds` for a `/probe` request's timeout.
    public var timeoutOffset: Duration

    public init(config: ProberConfig, checks: [Check], configSource: String, listen: ListenAddress, logLevel: Logger.Level,
                timeoutOffset: Duration = ScrapeTimeout.defaultOffset) {
        self.config = config
        self.checks = checks
        self.configSource = configSource
        self.listen = listen
        self.logLevel = logLevel
        self.timeoutOffset = timeoutOffset
    }

    public static func resolve(flags: Flags, environment: [String: String]) throws -> ProberSettings {
        let path = flags.configPath ?? environment["OPSCTL_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let file = try path.map { try ConfigFile.load(path: $0) }
        let blackbox = try flags.blackboxConfigPath.map { try ConfigFile.load(path: $0, allowedKeys: ["modules"]) }
        let config = try ProberConfig(file: file, blackbox: blackbox)
        let checks = try resolveChecks(config, environment: environment)

        var listen = config.listen ?? defaultListen
        if let text = environment["OPSCTL_PROBER_LISTEN"], !text.isEmpty {
            listen = try parse(text, source: "environment variable OPSCTL_PROBER_LISTEN") { try ListenAddress(parsing: $0) }
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
        var offset = config.timeoutOffset ?? ScrapeTimeout.defaultOffset
        if let text = environment["OPSCTL_PROBER_TIMEOUT_OFFSET"], !text.isEmpty {
            offset = try parse(text, source: "environment variable OPSCTL_PROBER_TIMEOUT_OFFSET", DurationParser.parse)
        }
        if let text = flags.timeoutOffset {
            offset = try parse(text, source: "flag --timeout-offset", DurationParser.parse)
        }
        let sources = [file?.source, blackbox?.source].compactMap { $0 }
        return ProberSettings(config: config, checks: checks,
                              configSource: sources.isEmpty ? "(built-in modules, no checks)" : sources.joined(separator: ", "),
                              listen: listen, logLevel: level, timeoutOffset: offset)
    }

    /// Checks with their targets read (from the file or the environment) and validated by their prober.
    static func resolveChecks(_ config: ProberConfig, environment: [String: String]) throws -> [Check] {
        try config.checks.map { check in
            guard let module = config.modules[check.module] else { throw check.node.error("unknown module '\(check.module)'") }
            let target: String
            switch check.target {
            case .literal(let text):
                target = text
            case .environment(let name):
                guard let value = environment[name], !value.isEmpty else {
                    throw check.node.error("check '\(check.name)': target_env \(name) is not set in the environment")
                }
                target = value
            case .module:
                if case .gmail(let gmail) = module.settings { target = gmail.url } else { target = "" }
            }
            do {
                try ProberFactory.validate(target: target, module: module)
            } catch {
                let origin: String
                switch check.target {
                case .literal: origin = ""
                case .environment(let name): origin = " (target from \(name))"
                case .module: origin = " (the module's URL)"
                }
                throw check.node.error("check '\(check.name)': \(error)\(origin)")
            }
            return Check(name: check.name, module: module, target: target, displayTarget: Redaction.target(target, module: module),
                         interval: check.interval, timeout: config.timeout(of: check), jitter: check.jitter, critical: check.critical)
        }
    }

    private static func parse<T>(_ text: String, source: String, _ body: (String) throws -> T) throws -> T {
        do {
            return try body(text)
        } catch {
            throw ConfigError(source: source, message: "\(error)")
        }
    }
}
