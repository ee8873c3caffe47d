/// The watcher's state: sliding windows in memory, fed one ledger row at a time.
///
/// - per user and per project: units per second over the last minute (`SecondBuckets`);
/// - per user: successful sends per minute over the last 24 hours (`SendWindow`);
/// - project units since the start of the quota day;
/// - counters since the start of the quota day (units by method, rate-limited calls by
///   reason, calls of unknown methods), rebuilt from the ledger on start so that two
///   replicas (or a restarted one) show the same values;
/// - anomalies seen by this process.
///
/// Memory is bounded by the users active in the windows: a user whose minute is empty and
/// who sent nothing in 24 hours is dropped (`prune`).
public struct UsageWindows: Sendable {
    public struct UserState: Sendable {
        public var minute = SecondBuckets()
        public var sends = SendWindow()

        mutating func record(_ units: Int, at second: Int64, inMinute: Bool, send: Bool) {
            if inMinute { minute.add(units, at: second) }
            if send { sends.add(1, at: second) }
        }
    }

    /// One ledger row as the watcher reads it.
    public struct Call: Sendable {
        public var id: Int64
        public var time: Double            // epoch seconds of called_at
        public var user: String?
        public var method: String?
        public var statusCode: Int?
        public var errorReason: String?
        public var quotaUnits: Int?

        public init(id: Int64, time: Double, user: String?, method: String?, statusCode: Int?, errorReason: String?, quotaUnits: Int?) {
            self.id = id; self.time = time; self.user = user; self.method = method
            self.statusCode = statusCode; self.errorReason = errorReason; self.quotaUnits = quotaUnits
        }
    }

    /// How far in the future a row's `called_at` may be (clock skew between the service and
    /// the watcher) before it is counted as an anomaly; such a row is counted at `now`.
    public static let allowedSkew: Double = 2

    public let costs: CostTable
    public let limits: QuotaLimits
    public private(set) var users: [String: UserState] = [:]
    public private(set) var project = SecondBuckets()
    public private(set) var dayStart: Double
    public private(set) var unitsToday = 0
    /// Counters since `dayStart`, by normalized method ("unknown" for methods the table lacks).
    public private(set) var byMethod: [String: MethodCounters] = [:]
    public var unitsByMethod: [String: Int] { byMethod.mapValues(\.units) }
    public var callsByMethod: [String: Int] { byMethod.mapValues(\.calls) }
    public private(set) var rateLimitedByReason: [String: Int] = [:]
    public private(set) var unknownMethodCalls = 0
    /// Anomalies since this process started, by kind.
    public private(set) var anomalies: [String: Int] = [:]
    /// The newest `called_at` read (epoch seconds), for the ledger lag.
    public private(set) var newestCall: Double?

    public struct MethodCounters: Sendable, Equatable {
        public var units = 0
        public var calls = 0

        mutating func add(units more: Int, calls moreCalls: Int) {
            units += more
            calls += moreCalls
        }
    }

    /// What a raw ledger `method` means, worked out once per distinct spelling (a tick reads
    /// thousands of rows with a handful of methods): its counter key, its table cost, whether
    /// it sends. Measured on a release build at ~5,000 new rows/s (bench/quota/README.md,
    /// 2026-12-01, 1M-row seed): with this cache, `CallReader`'s positional columns and
    /// in-place user updates, the watcher's CPU per new row went from 4.2 to 2.6 microseconds
    /// and ingest from 34% to 15% of the tick's perf samples.
    struct MethodFacts: Sendable {
        var key: String
        var cost: Int?
        var isSend: Bool
    }
    private var methodFacts: [String: MethodFacts] = [:]
    /// Distinct method spellings remembered at most (a hostile ledger cannot grow it without bound).
    static let methodFactsLimit = 1_024

    public init(costs: CostTable, limits: QuotaLimits, now: Double) {
        self.costs = costs
        self.limits = limits
        self.dayStart = QuotaDay.start(containing: .init(timeIntervalSince1970: now), timeZone: limits.dayTimeZone)
    }

    static let reasons: Set<String> = ["rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"]

    /// Starts a new quota day when `now` has passed into one (the day's counters restart at 0,
    /// which Prometheus' rate() reads as a counter reset).
    public mutating func roll(to now: Double) {
        let start = QuotaDay.start(containing: .init(timeIntervalSince1970: now), timeZone: limits.dayTimeZone)
        guard start > dayStart else { return }
        dayStart = start
        unitsToday = 0
        byMethod = [:]
        rateLimitedByReason = [:]
        unknownMethodCalls = 0
    }

    /// Adds one row read from the ledger.
    public mutating func ingest(_ call: Call, now: Double) {
        var time = call.time
        if !time.isFinite { note("bad_timestamp"); time = now }
        if time > now + Self.allowedSkew { note("future_timestamp"); time = now }
        newestCall = max(newestCall ?? time, time)
        if call.method == nil { note("null_method") }
        if call.user == nil { note("null_user") }
        if let units = call.quotaUnits, units < 0 { note("negative_quota_units") }
        // A row's own quota_units first, else the table's cost, else the default (CostTable.charge).
        var facts: MethodFacts?
        if let method = call.method { facts = self.facts(of: method) }
        let unknown = facts?.cost == nil
        let charged = call.quotaUnits.map { max($0, 0) } ?? facts?.cost ?? costs.defaultUnits
        let second = Int64(time.rounded(.down))
        let nowSecond = Int64(now.rounded(.down))

        if time >= dayStart {
            unitsToday += charged
            let key = unknown ? "unknown" : facts?.key ?? "unknown"
            byMethod[key, default: MethodCounters()].add(units: charged, calls: 1)
            if unknown { unknownMethodCalls += 1 }
            if let reason = call.errorReason, Self.reasons.contains(reason) { rateLimitedByReason[reason, default: 0] += 1 }
        }
        let inMinute = second > nowSecond - SecondBuckets.span
        if inMinute { project.add(charged, at: second) }
        guard let user = call.user else { return }
        let sent = facts?.isSend == true && (200...299).contains(call.statusCode ?? 0)
        let inDay = second > nowSecond - SendWindow.span
        guard inMinute || (sent && inDay) else { return }
        // In place (the dictionary's default subscript): no copy of the user's buckets per row.
        users[user, default: UserState()].record(charged, at: second, inMinute: inMinute, send: sent && inDay)
    }

    private mutating func facts(of method: String) -> MethodFacts {
        if let known = methodFacts[method] { return known }
        let facts = MethodFacts(key: CostTable.normalize(method), cost: costs.knownCost(of: method), isSend: CostTable.isSend(method))
        if methodFacts.count < Self.methodFactsLimit { methodFacts[method] = facts }
        return facts
    }

    /// Start-up: the day's units of rows older than the minute window, per method and reason,
    /// read as aggregates (`LedgerSQL.rebuild`).
    public mutating func addDayAggregate(method: String?, reason: String?, ownUnits: Int, rowsWithoutUnits: Int, calls: Int) {
        let known = method.flatMap { costs.knownCost(of: $0) }
        let units = ownUnits + rowsWithoutUnits * (known ?? costs.defaultUnits)
        let key = known == nil ? "unknown" : CostTable.normalize(method ?? "")
        unitsToday += units
        byMethod[key, default: MethodCounters()].add(units: units, calls: calls)
        if known == nil { unknownMethodCalls += calls }
        if let reason, Self.reasons.contains(reason) { rateLimitedByReason[reason, default: 0] += calls }
    }

    /// Start-up: a user's successful sends in one minute before the minute window.
    public mutating func addSends(user: String, minute: Int64, count: Int) {
        users[user, default: UserState()].sends.add(count, at: minute)
    }

    /// Start-up: the `called_at` of the newest row (for the ledger lag before any new row).
    public mutating func noteNewest(_ time: Double) {
        if time.isFinite { newestCall = max(newestCall ?? time, time) }
    }

    public mutating func note(_ anomaly: String, count: Int = 1) {
        anomalies[anomaly, default: 0] += count
    }

    /// Drops users with nothing left in either window.
    public mutating func prune(at now: Double) {
        let second = Int64(now.rounded(.down))
        for (user, var state) in users {
            state.sends.prune(at: second)
            if state.minute.isEmpty(at: second) && state.sends.isEmpty {
                users[user] = nil
            } else {
                users[user] = state
            }
        }
    }

    // MARK: - Reading

    public func userUnits(_ user: String, at now: Double) -> Int {
        users[user]?.minute.total(at: Int64(now.rounded(.down))) ?? 0
    }

    public func projectUnits(at now: Double) -> Int { project.total(at: Int64(now.rounded(.down))) }
}
