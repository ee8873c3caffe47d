/// The admission API's answers (`GET /v1/quota/check`, `GET /v1/quota/users/:user`),
/// computed from the live windows. Advisory: the ledger is written after the calls, so the
/// windows trail the truth by the ledger lag.
public enum Admission {
    public static let advisory = "advisory: computed from the ledger, which is written after each call; "
        + "the live window trails real usage by ledger_lag_seconds and does not reserve units"

    public struct Window: Sendable, Equatable {
        public var units: Int
        public var limit: Int
        public var remaining: Int { max(limit - units, 0) }
    }

    public struct Decision: Sendable, Equatable {
        public var user: String
        public var requested: Int
        public var userWindow: Window
        public var projectWindow: Window
        public var allowed: Bool
        /// Seconds until the request would fit in both windows; nil when it never can (more
        /// than a whole minute's limit); 0 when allowed.
        public var retryAfterSeconds: Int?
    }

    public static func decide(user: String, units: Int, windows: UsageWindows, now: Double) -> Decision {
        let second = Int64(now.rounded(.down))
        let state = windows.users[user]
        let userWindow = Window(units: state?.minute.total(at: second) ?? 0, limit: windows.limits.userUnitsPerMinute)
        let projectWindow = Window(units: windows.project.total(at: second), limit: windows.limits.projectUnitsPerMinute)
        let allowed = units <= userWindow.remaining && units <= projectWindow.remaining
        var retry: Int? = 0
        if !allowed {
            if units > userWindow.limit || units > projectWindow.limit {
                retry = nil
            } else {
                let userWait = units <= userWindow.remaining ? 0 : state?.minute.secondsUntilFreed(units - userWindow.remaining, at: second)
                let projectWait = units <= projectWindow.remaining ? 0 : windows.project.secondsUntilFreed(units - projectWindow.remaining, at: second)
                if let userWait, let projectWait { retry = max(userWait, projectWait) } else { retry = nil }
            }
        }
        return Decision(user: user, requested: units, userWindow: userWindow, projectWindow: projectWindow,
                        allowed: allowed, retryAfterSeconds: retry)
    }
}
