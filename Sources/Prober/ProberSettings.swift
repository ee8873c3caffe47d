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
        let path = SettingLayers.configPath(flag: flags.configPath, environment: environment)
        let file = try path.map { try ConfigFile.load(path: $0) }
        let blackbox = try flags.blackboxConfigPath.map { try ConfigFile.load(path: $0, allowedKeys: ["modules"]) }
        let config = try ProberConfig(file: file, blackbox: blackbox)
        let checks = try resolveChecks(config, environment: environment)
        let listen = try SettingLayers.listen(file: config.listen, fallback: defaultListen, variable: "OPSCTL_PROBER_LISTEN",
                                              flag: flags.listen, environment: environment)
        let level = try SettingLayers.logLevel(file: config.logLevel, flag: flags.logLevel, environment: environment)
        let offset = try SettingLayers.value(file: config.timeoutOffset, fallback: ScrapeTimeout.defaultOffset,
                                             variable: "OPSCTL_PROBER_TIMEOUT_OFFSET", flagName: "--timeout-offset",
                                             flag: flags.timeoutOffset, environment: environment, parse: DurationParser.parse)
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
}
