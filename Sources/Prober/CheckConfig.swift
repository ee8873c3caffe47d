import OpsCore

/// One scheduled check of the `prober:` section's `checks:` list.
///
///     - name: web
///       module: http_2xx
///       target: http://127.0.0.1:8080/health
///       interval: 15s        # default 30s
///       timeout: 3s          # default: the module's, else 5s (and always below the interval)
///       jitter: 1s           # default: a tenth of the interval
///       critical: true       # counts for /readyz (default false)
///
/// `target_env: DATABASE_URL` reads the target from the environment instead, so a
/// connection string with a password stays out of the file.
public struct CheckConfig: Sendable {
    public enum TargetSource: Sendable, Equatable {
        case literal(String)
        case environment(String)
        /// No target given: the module's own (a gmail module's URL).
        case module
    }

    public static let defaultInterval: Duration = .seconds(30)

    public var name: String
    public var module: String
    public var target: TargetSource
    public var interval: Duration
    public var timeout: Duration?
    public var jitter: Duration?
    public var critical: Bool
    /// Where the check is written, for errors found once modules are known.
    let node: ConfigNode
    let intervalNode: ConfigNode?
    let timeoutNode: ConfigNode?

    static let keys = ["name", "module", "target", "target_env", "interval", "timeout", "jitter", "critical"]

    init(node: ConfigNode) throws {
        let map = try node.mapping(allowedKeys: Self.keys)
        self.node = node
        let nameNode = try map.required("name")
        name = try nameNode.string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
            throw nameNode.error("check name '\(name)' may hold only letters, digits, '_', '-' and '.'")
        }
        module = try map.required("module").string()
        let literal = map.optional("target")
        let env = map.optional("target_env")
        if let literal, env != nil { throw literal.error("give target or target_env, not both") }
        if let literal {
            target = .literal(try literal.string())
        } else if let env {
            target = .environment(try env.string())
        } else {
            target = .module
        }
        intervalNode = map.optional("interval")
        interval = try intervalNode?.duration() ?? Self.defaultInterval
        if let intervalNode, interval <= .zero { throw intervalNode.error("interval must be more than 0") }
        timeoutNode = map.optional("timeout")
        timeout = try timeoutNode?.duration()
        if let timeoutNode, let timeout, timeout <= .zero { throw timeoutNode.error("timeout must be more than 0") }
        if let node = map.optional("jitter") {
            let value = try node.duration()
            guard value >= .zero, value < interval else { throw node.error("jitter must be at least 0 and below the interval") }
            jitter = value
        }
        critical = try map.optional("critical")?.bool() ?? false
    }
}
