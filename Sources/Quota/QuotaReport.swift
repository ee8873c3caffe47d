/// What `opsctl quota` found in the ledger over one window: the facts, no formatting.
/// `ReportBuilder` fills it from SQL, `Verdict` judges it, the formatters show it.
public struct QuotaReport: Sendable, Equatable {
    public struct Minute: Sendable, Equatable {
        public var start: Int64          // epoch seconds
        public var calls: Int
        public var units: Int
    }

    public struct MethodUsage: Sendable, Equatable {
        public var method: String
        public var calls: Int
        public var units: Int
    }

    public struct UserUsage: Sendable, Equatable {
        public var user: String
        public var units: Int
        public var peakUnitsPerMinute: Int
    }

    public struct RateLimited: Sendable, Equatable {
        public var reason: String
        public var count: Int
        /// The users with the most such calls (at most the report's top N), most first.
        public var users: [UserCount]
    }

    public struct UserCount: Sendable, Equatable {
        public var user: String
        public var count: Int
    }

    public struct Sender: Sendable, Equatable {
        public var user: String
        public var sent: Int
    }

    public var window: ReportWindow
    /// The report's end (epoch seconds); the window is `[end - window, end]`.
    public var end: Double
    /// Set when the report is about one user (`--user`).
    public var user: String?
    public var limits: QuotaLimits

    /// Minutes with calls, oldest first (minutes without calls are absent).
    public var minutes: [Minute] = []
    public var methods: [MethodUsage] = []
    /// The top users by peak units per minute.
    public var users: [UserUsage] = []
    /// Users with calls in the window, and how many reached the near ratio / the limit.
    public var activeUsers = 0
    public var usersNearLimit = 0
    public var usersAtLimit = 0
    public var rateLimited: [RateLimited] = []
    /// Calls of methods the cost table does not know (charged the default).
    public var unknownMethods: [MethodUsage] = []
    /// Calls without a user id (counted for the project only).
    public var callsWithoutUser = 0
    public var unitsToday = 0
    /// The top senders over the last 24 hours.
    public var senders: [Sender] = []

    public init(window: ReportWindow, end: Double, user: String?, limits: QuotaLimits) {
        self.window = window
        self.end = end
        self.user = user
        self.limits = limits
    }

    public var totalCalls: Int { methods.reduce(0) { $0 + $1.calls } }
    public var totalUnits: Int { methods.reduce(0) { $0 + $1.units } }
    public var peakUnitsPerMinute: Int { minutes.map(\.units).max() ?? 0 }
    public var rateLimitedCalls: Int { rateLimited.reduce(0) { $0 + $1.count } }

    /// The per-minute limit the minutes are judged against: the project's, or the user's
    /// when the report is about one user.
    public var minuteLimit: Int { user == nil ? limits.projectUnitsPerMinute : limits.userUnitsPerMinute }

    public var utilization: Double { Double(peakUnitsPerMinute) / Double(minuteLimit) }

    public func userUtilization(_ usage: UserUsage) -> Double {
        Double(usage.peakUnitsPerMinute) / Double(limits.userUnitsPerMinute)
    }
}
