/// A scheduled check ready to run: its module, its resolved target, interval, timeout and jitter.
public struct Check: Sendable {
    public var name: String
    public var module: ModuleConfig
    /// The target as the prober gets it (may hold a password: never shown or logged).
    public var target: String
    /// The target as shown in logs and `/readyz` (a connection string without its password).
    public var displayTarget: String
    public var interval: Duration
    public var timeout: Duration
    public var jitter: Duration
    public var critical: Bool

    public init(name: String, module: ModuleConfig, target: String, displayTarget: String? = nil,
                interval: Duration, timeout: Duration, jitter: Duration? = nil, critical: Bool) {
        self.name = name
        self.module = module
        self.target = target
        self.displayTarget = displayTarget ?? target
        self.interval = interval
        self.timeout = timeout
        self.jitter = jitter ?? interval / 10
        self.critical = critical
    }

    /// A result older than this counts as failed for `/readyz`.
    public var freshness: Duration { interval * 3 }
}
