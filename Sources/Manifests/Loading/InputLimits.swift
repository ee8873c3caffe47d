/// Safety limits for hostile or broken input. Each limit turns into an `input-limit` finding, never a crash.
public struct InputLimits: Sendable {
    /// Files larger than this are reported and not parsed.
    public var maxFileBytes: Int
    /// Mappings/sequences nested deeper than this are reported (libyaml itself stops at 1000).
    public var maxDepth: Int
    /// A document may expand (through aliases) to at most `2 * bytes + aliasSlack` nodes:
    /// plain YAML has at most about one node per byte, so only alias chains (a "billion laughs") hit it.
    public var aliasSlack: Int

    public init(maxFileBytes: Int = 32 * 1024 * 1024, maxDepth: Int = 200, aliasSlack: Int = 10_000) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.aliasSlack = aliasSlack
    }

    public static let `default` = InputLimits()
}
