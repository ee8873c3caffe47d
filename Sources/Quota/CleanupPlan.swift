/// `opsctl quota plan`: what a bulk cleanup of one user's messages costs and how long it takes
/// within the per-user limit, per strategy, given the units the user burns already.
///
/// Strategies (costs from the cost table):
/// - per message: `messages.modify` (archive: remove INBOX; label: add a label) or
///   `messages.trash`, one call per message;
/// - batched: `messages.batchModify` on up to 1,000 ids per call (archive and label; trash by
///   adding the TRASH label).
public struct CleanupPlan: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable { case archive, trash, label }

    public struct Strategy: Sendable, Equatable {
        public var name: String
        public var method: String
        public var calls: Int
        public var units: Int
        /// Seconds it takes at the user's headroom (rounded up); nil when there is none now.
        public var seconds: Int?
    }

    public static let batchSize = 1_000

    public var user: String
    public var messages: Int
    public var action: Action
    public var userLimitPerMinute: Int
    /// Units the user spent over the last minute (assumed to go on at that rate).
    public var currentBurnPerMinute: Int
    public var strategies: [Strategy]

    public var headroomPerMinute: Int { max(userLimitPerMinute - currentBurnPerMinute, 0) }

    public init(user: String, messages: Int, action: Action, costs: CostTable, limits: QuotaLimits, currentBurnPerMinute: Int) {
        self.user = user
        self.messages = messages
        self.action = action
        self.userLimitPerMinute = limits.userUnitsPerMinute
        self.currentBurnPerMinute = currentBurnPerMinute
        let headroom = max(limits.userUnitsPerMinute - currentBurnPerMinute, 0)
        let single = action == .trash ? "messages.trash" : "messages.modify"
        let batch = "messages.batchModify"
        let batchCalls = (messages + Self.batchSize - 1) / Self.batchSize
        let plans: [(String, String, Int)] = [("per message", single, messages), ("batchModify x1000", batch, batchCalls)]
        strategies = plans.map { name, method, calls in
            let units = calls * costs.charge(method: method, quotaUnits: nil).units
            return Strategy(name: name, method: method, calls: calls, units: units,
                            seconds: headroom > 0 ? (units * 60 + headroom - 1) / headroom : nil)
        }
    }

    public func format() -> String {
        var out = ["\(action.rawValue) \(Number.grouped(messages)) messages of \(user): limit \(Number.grouped(userLimitPerMinute)) units/min, "
                   + "burning \(Number.grouped(currentBurnPerMinute)) over the last minute, headroom \(Number.grouped(headroomPerMinute))/min"]
        for strategy in strategies {
            let time = strategy.seconds.map { Self.duration(seconds: $0) } ?? "cannot start now (no headroom)"
            out.append("  \(strategy.name): \(Number.grouped(strategy.calls)) x \(strategy.method) = \(Number.grouped(strategy.units)) units, \(time)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// 30 -> "30s", 5430 -> "1h 30m 30s".
    static func duration(seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        let h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60
        return [h > 0 ? "\(h)h" : nil, m > 0 ? "\(m)m" : nil, s > 0 ? "\(s)s" : nil].compactMap { $0 }.joined(separator: " ")
    }
}
