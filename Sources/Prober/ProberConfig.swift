import Logging
import OpsCore

/// The `prober:` section of opsctl.yaml (and the modules of a blackbox.yml given with
/// `--blackbox-config`), checked as a whole: every check names a known module, every
/// timeout is below its interval, a gmail check runs at most once a minute.
public struct ProberConfig: Sendable {
    public var listen: ListenAddress?
    public var logLevel: Logger.Level?
    /// Probes running at once, scheduled and `/probe` together.
    public var maxInFlight: Int
    /// Whole-target patterns `/probe` accepts besides the targets of the checks.
    public var allowTargets: [Pattern]
    /// Taken from Prometheus' scrape timeout for a `/probe` request (blackbox's `--timeout-offset`).
    public var timeoutOffset: Duration?
    /// Built-in, then configured, then blackbox.yml modules; a later one of the same name
    /// replaces a built-in (two configured ones of one name are an error).
    public var modules: [String: ModuleConfig]
    public var checks: [CheckConfig]

    public static let defaultMaxInFlight = 16

    static let keys = ["listen", "log_level", "max_in_flight", "allow_targets", "modules", "checks", "timeout_offset"]

    public init(modules: [ModuleConfig] = [], checks: [CheckConfig] = []) {
        listen = nil
        logLevel = nil
        maxInFlight = Self.defaultMaxInFlight
        allowTargets = []
        timeoutOffset = nil
        self.modules = Dictionary(ModuleConfig.builtIn.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        for module in modules { self.modules[module.name] = module }
        self.checks = checks
    }

    /// Reads the `prober:` section of `file` (absent: defaults, no checks) and the modules
    /// of `blackbox` (a parsed blackbox.yml), if given.
    public init(file: ConfigFile?, blackbox: ConfigFile? = nil) throws {
        self.init()
        var configured: [String: ConfigNode] = [:]
        if let blackbox, let node = blackbox.section("modules") {
            for module in try ModuleConfig.readAll(node) {
                modules[module.name] = module
                configured[module.name] = node
            }
        }
        guard let section = file?.section("prober") else { return }
        let map = try section.mapping(allowedKeys: Self.keys)
        listen = try map.optional("listen")?.listenAddress()
        logLevel = try map.optional("log_level")?.logLevel()
        if let node = map.optional("max_in_flight") {
            maxInFlight = try node.int()
            guard (1...1024).contains(maxInFlight) else { throw node.error("max_in_flight must be between 1 and 1024") }
        }
        if let node = map.optional("timeout_offset") {
            timeoutOffset = try node.duration()
        }
        allowTargets = try map.optional("allow_targets")?.sequence().map(Pattern.from) ?? []
        if let node = map.optional("modules") {
            guard case .mapping(let pairs) = node.kind else { throw node.error("expected a mapping of module names to modules") }
            for (module, (keyNode, _)) in zip(try ModuleConfig.readAll(node), pairs) {
                if configured[module.name] != nil {
                    throw keyNode.error("module '\(module.name)' is also defined in the blackbox config \(blackbox?.source ?? "")")
                }
                modules[module.name] = module
                configured[module.name] = keyNode
            }
        }
        if let node = map.optional("checks") {
            var names: Set<String> = []
            for item in try node.sequence() {
                let check = try CheckConfig(node: item)
                guard names.insert(check.name).inserted else { throw item.error("check name '\(check.name)' is used twice") }
                try validate(check)
                checks.append(check)
            }
        }
    }

    /// The timeout a check runs with: its own, else its module's, else 5 s capped below the interval.
    public func timeout(of check: CheckConfig) -> Duration {
        if let timeout = check.timeout { return timeout }
        if let timeout = modules[check.module]?.timeout { return timeout }
        return min(ModuleConfig.defaultTimeout, check.interval * 0.8)
    }

    private func validate(_ check: CheckConfig) throws {
        let place = check.node
        guard let module = modules[check.module] else {
            throw place.error("check '\(check.name)' names module '\(check.module)', which is not defined (known: \(modules.keys.sorted().joined(separator: ", ")))")
        }
        let timeout = timeout(of: check)
        if timeout >= check.interval {
            throw (check.timeoutNode ?? check.intervalNode ?? place).error(
                "check '\(check.name)': the timeout (\(ProbeDeadline.format(timeout))) must be shorter than the interval (\(ProbeDeadline.format(check.interval)))")
        }
        if case .gmail = module.settings, check.interval < GmailModuleConfig.minimumInterval {
            throw (check.intervalNode ?? place).error(
                "check '\(check.name)': a gmail check costs Gmail API quota on every run; its interval must be at least 1m" + (check.intervalNode == nil ? " (the default is 30s; set interval)" : ""))
        }
        if check.target == .module {
            guard case .gmail = module.settings else {
                throw place.error("check '\(check.name)' needs a target (or target_env)")
            }
        }
    }
}
