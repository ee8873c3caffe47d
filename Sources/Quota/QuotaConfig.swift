import Foundation
import Logging
import OpsCore

/// The `quota:` section of opsctl.yaml (every key optional):
///
///     quota:
///       ledger_table: gmail_api_calls        # [schema.]table with the reference columns
///       limits:
///         profile: current                    # current | legacy (see QuotaLimits)
///         user_units_per_minute: 6000
///         project_units_per_minute: 1200000
///         daily_project_threshold: 80000000   # false: none
///         account_kind: workspace             # workspace | consumer (sets daily_send_limit)
///         daily_send_limit: 2000
///         near_limit_ratio: 0.8
///         day_time_zone: America/Los_Angeles
///       costs: {messages.list: 5, ...}        # overrides and additions to the published table
///       default_unit_cost: 5                  # for a method the table does not know
///       watcher:
///         listen: 0.0.0.0:9189                # /metrics, /healthz, /
///         admission_listen: 127.0.0.1:9190    # /v1/quota/...
///         log_level: info
///         poll_interval: 1s
///         top_users: 10
///         pseudonym_key_file: /etc/opsctl/quota-pseudonym-key
///       google: {project_id: my-project, ...}  # see GoogleUsageConfig
public struct QuotaConfig: Sendable {
    public var ledgerTable: String
    public var limits: QuotaLimits
    public var costs: CostTable
    public var watcher: WatcherConfig
    /// `quota.google`: Google's own count, for `opsctl quota --compare-google`.
    public var google = GoogleUsageConfig()

    public struct WatcherConfig: Sendable {
        public var listen: ListenAddress?
        public var admissionListen: ListenAddress?
        public var logLevel: Logger.Level?
        public var pollInterval: Duration = .seconds(1)
        public var topUsers: Int = 10
        public var pseudonymKeyFile: String?
        /// Most ledger rows read per poll.
        public var batchSize: Int = 50_000
        public init() {}
    }

    public init(ledgerTable: String = "gmail_api_calls", limits: QuotaLimits = QuotaLimits(),
                costs: CostTable = CostTable(), watcher: WatcherConfig = WatcherConfig()) {
        self.ledgerTable = ledgerTable
        self.limits = limits
        self.costs = costs
        self.watcher = watcher
    }

    static let keys = ["ledger_table", "limits", "costs", "default_unit_cost", "watcher", "google"]
    static let limitKeys = ["profile", "user_units_per_minute", "project_units_per_minute", "daily_project_threshold",
                            "account_kind", "daily_send_limit", "near_limit_ratio", "day_time_zone"]
    static let watcherKeys = ["listen", "admission_listen", "log_level", "poll_interval", "top_users",
                              "pseudonym_key_file", "batch_size"]

    /// Reads the `quota:` section; a file without one gives the defaults.
    public init(file: ConfigFile) throws {
        self.init()
        guard let section = file.section("quota") else { return }
        let map = try section.mapping(allowedKeys: Self.keys)
        if let node = map.optional("ledger_table") {
            ledgerTable = try node.string()
            guard Self.isQualifiedIdentifier(ledgerTable) else {
                throw node.error("ledger_table must be a table name or schema.table ([a-zA-Z_][a-zA-Z0-9_]*), found '\(ledgerTable)'")
            }
        }
        if let node = map.optional("limits") { limits = try Self.limits(node) }
        if let node = map.optional("default_unit_cost") {
            costs.defaultUnits = try Self.count(node, "default_unit_cost", minimum: 0)
        }
        if let node = map.optional("costs") {
            guard case .mapping(let pairs) = node.kind else { throw node.error("expected a mapping of method: units") }
            for (key, value) in pairs {
                let method = try key.string()
                guard !method.isEmpty, method.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) else {
                    throw key.error("'\(method)' is not a Gmail API method name (e.g. messages.list)")
                }
                costs.set(method, units: try Self.count(value, method, minimum: 0))
            }
        }
        if let node = map.optional("watcher") { watcher = try Self.watcher(node) }
        if let node = map.optional("google") { google = try GoogleUsageConfig(node: node) }
    }

    static func limits(_ node: ConfigNode) throws -> QuotaLimits {
        let map = try node.mapping(allowedKeys: limitKeys)
        var profile = QuotaLimits.Profile.current
        if let node = map.optional("profile") {
            let text = try node.string()
            guard let parsed = QuotaLimits.Profile(rawValue: text) else {
                throw node.error("unknown limits profile '\(text)' (expected current or legacy)")
            }
            profile = parsed
        }
        var kind = QuotaLimits.AccountKind.workspace
        if let node = map.optional("account_kind") {
            let text = try node.string()
            guard let parsed = QuotaLimits.AccountKind(rawValue: text) else {
                throw node.error("unknown account_kind '\(text)' (expected workspace or consumer)")
            }
            kind = parsed
        }
        var limits = QuotaLimits(profile: profile, accountKind: kind)
        if let node = map.optional("user_units_per_minute") { limits.userUnitsPerMinute = try count(node, "user_units_per_minute", minimum: 1) }
        if let node = map.optional("project_units_per_minute") { limits.projectUnitsPerMinute = try count(node, "project_units_per_minute", minimum: 1) }
        if let node = map.optional("daily_project_threshold") {
            if case .scalar(_, let tag) = node.kind, tag == "bool" {
                guard try !node.bool() else { throw node.error("daily_project_threshold is a number of units, or false for none") }
                limits.dailyProjectThreshold = nil
            } else {
                limits.dailyProjectThreshold = try count(node, "daily_project_threshold", minimum: 1)
            }
        }
        if let node = map.optional("daily_send_limit") { limits.dailySendLimit = try count(node, "daily_send_limit", minimum: 1) }
        if let node = map.optional("near_limit_ratio") {
            limits.nearLimitRatio = try node.double()
            guard limits.nearLimitRatio > 0, limits.nearLimitRatio <= 1 else {
                throw node.error("near_limit_ratio must be more than 0 and at most 1")
            }
        }
        if let node = map.optional("day_time_zone") {
            let text = try node.string()
            guard TimeZone(identifier: text) != nil else {
                throw node.error("unknown time zone '\(text)' (an IANA name such as America/Los_Angeles or UTC)")
            }
            limits.dayTimeZone = text
        }
        return limits
    }

    static func watcher(_ node: ConfigNode) throws -> WatcherConfig {
        let map = try node.mapping(allowedKeys: watcherKeys)
        var watcher = WatcherConfig()
        watcher.listen = try map.optional("listen")?.listenAddress()
        watcher.admissionListen = try map.optional("admission_listen")?.listenAddress()
        watcher.logLevel = try map.optional("log_level")?.logLevel()
        if let node = map.optional("poll_interval") {
            watcher.pollInterval = try node.duration()
            guard watcher.pollInterval > .zero else { throw node.error("poll_interval must be more than 0") }
        }
        if let node = map.optional("top_users") { watcher.topUsers = try count(node, "top_users", minimum: 0) }
        if let node = map.optional("batch_size") { watcher.batchSize = try count(node, "batch_size", minimum: 1) }
        if let node = map.optional("pseudonym_key_file") { watcher.pseudonymKeyFile = try node.string() }
        return watcher
    }

    static func count(_ node: ConfigNode, _ name: String, minimum: Int) throws -> Int {
        let value = try node.int()
        guard value >= minimum else { throw node.error("\(name) must be at least \(minimum)") }
        return value
    }

    static func isQualifiedIdentifier(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
            return part.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }
    }
}
