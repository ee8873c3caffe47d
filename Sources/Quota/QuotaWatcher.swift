import Foundation
import Logging
import OpsCore
import Postgres

/// The quota watcher's engine: rebuilds the windows from the ledger on start (one bounded
/// statement), then tails it with `LedgerTail` (rows past the cursor and late commits, each
/// once) and feeds every row to `UsageWindows`. While the database is down it keeps its
/// windows, reports the source down, and catches up from its cursor when it returns.
public actor QuotaWatcher {
    public struct Status: Sendable {
        public var sourceUp: Bool
        public var started: Bool
        public var cursor: Int64
        public var openGaps: Int
        public var lateRows: Int
        public var expiredGaps: Int
        public var evictedGaps: Int
        public var pollErrors: Int
        public var rowsRead: Int
        public var lastError: String?
        /// Wall time of the last tick (reads, ingest, prune), in seconds.
        public var lastTickSeconds: Double = 0
        /// Rows the last tick ingested.
        public var lastTickRows: Int = 0
    }

    let runner: any StatementRunner
    let config: QuotaConfig
    let sql: LedgerSQL
    let logger: Logger
    let timeout: Duration
    public private(set) var windows: UsageWindows
    private var tail: LedgerTail?
    private var status = Status(sourceUp: false, started: false, cursor: 0, openGaps: 0, lateRows: 0, expiredGaps: 0,
                                evictedGaps: 0, pollErrors: 0, rowsRead: 0, lastError: nil)
    private var lastPrune: Double = 0

    public init(runner: any StatementRunner, config: QuotaConfig, logger: Logger, timeout: Duration = .seconds(10)) {
        self.runner = runner
        self.config = config
        self.sql = LedgerSQL(table: config.ledgerTable)
        self.logger = logger
        self.timeout = timeout
        self.windows = UsageWindows(costs: config.costs, limits: config.limits, now: Date().timeIntervalSince1970)
    }

    public var currentStatus: Status { status }

    /// One step: the start-up rebuild until it has succeeded, then one poll of the tail (more
    /// while a poll comes back full, up to 20). Never throws: failures mark the source down.
    public func tick(now: Date = Date()) async {
        let started = ContinuousClock.now
        let rowsBefore = status.rowsRead
        defer {
            let elapsed = ContinuousClock.now - started
            status.lastTickSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            status.lastTickRows = status.rowsRead - rowsBefore
        }
        if tail == nil {
            await rebuild(now: now)
            return
        }
        for _ in 0..<20 {
            guard await poll() else { break }
        }
        let seconds = Date().timeIntervalSince1970
        if seconds - lastPrune >= 10 {
            windows.prune(at: seconds)
            lastPrune = seconds
        }
    }

    /// The admission answer for `units` of `user` now, with whether the source is up and the
    /// newest `called_at` read (one hop into the actor, no copy of the windows).
    public func decide(user: String, units: Int, now: Date = Date()) -> (decision: Admission.Decision, sourceUp: Bool, newestCall: Double?) {
        (Admission.decide(user: user, units: units, windows: windows, now: now.timeIntervalSince1970), status.sourceUp, windows.newestCall)
    }

    /// The metric families, computed inside the actor (no copy of the windows that the next
    /// ingest would have to duplicate).
    public func families(_ metrics: WatcherMetrics, now: Date = Date()) -> [MetricFamily] {
        windows.roll(to: now.timeIntervalSince1970)
        return metrics.families(windows: windows, status: status, now: now.timeIntervalSince1970)
    }

    /// The state the metrics are read from.
    public func view() -> (windows: UsageWindows, status: Status) {
        windows.roll(to: Date().timeIntervalSince1970)
        return (windows, status)
    }

    // MARK: -

    private func rebuild(now: Date) async {
        let end = now.timeIntervalSince1970
        let minuteStart = Double(Int64(end.rounded(.down)) - SecondBuckets.span + 1)
        let dayStart = QuotaDay.start(containing: now, timeZone: config.limits.dayTimeZone)
        let sendMethods = CostTable.sendMethods.sorted().flatMap { [$0, "users." + $0] }
        let lookback = LedgerTail.Settings.defaultMaxGaps
        let result: QueryResult
        do {
            result = try await runner.query(sql.rebuild, [
                ReportBuilder.number(end - Double(SendWindow.span)), ReportBuilder.number(minuteStart),
                ReportBuilder.number(min(dayStart, minuteStart)), ReportBuilder.textArray(sendMethods), String(lookback),
            ], timeout: timeout)
        } catch {
            fail(error, while: "rebuilding the windows")
            return
        }
        var fresh = UsageWindows(costs: config.costs, limits: config.limits, now: end)
        let reader = CallReader(columns: result.columns)
        var cursor: Int64 = 0
        var gaps: [Int64] = []
        var rows = 0
        for row in result.rows {
            switch row.string("kind") {
            case "row":
                if let call = reader.call(row) { fresh.ingest(call, now: end); rows += 1 } else { fresh.note("unreadable_row") }
            case "sends":
                if let user = row.string("user_id"), let minute = row.double("t") {
                    fresh.addSends(user: user, minute: Int64(minute), count: Int(row.int64("n") ?? 0))
                }
            case "day":
                // [day start, minute start): the minute's own rows came one by one above.
                fresh.addDayAggregate(method: row.string("method"), reason: row.string("error_reason"),
                                      ownUnits: Int(row.int64("quota_units") ?? 0),
                                      rowsWithoutUnits: Int(row.int64("n") ?? 0), calls: Int(row.int64("m") ?? 0))
            case "cursor":
                cursor = row.int64("id") ?? 0
                if let newest = row.double("t") { fresh.noteNewest(newest) }
            case "gap":
                if let id = row.int64("id") { gaps.append(id) }
            default:
                break
            }
        }
        windows = fresh
        tail = LedgerTail(sql: sql.tail, cursor: cursor,
                          settings: .init(batchSize: config.watcher.batchSize, idColumn: "id"), openGaps: gaps)
        status.sourceUp = true
        status.started = true
        status.cursor = cursor
        status.openGaps = tail?.openGaps ?? 0
        status.rowsRead += rows
        status.lastError = nil
        logger.info("windows rebuilt", metadata: ["cursor": "\(cursor)", "rows": "\(rows)", "open_gaps": "\(gaps.count)",
                                                  "users": "\(windows.users.count)"])
    }

    /// One poll; true when it came back full (more rows are probably waiting).
    private func poll() async -> Bool {
        guard var tail else { return false }
        let read = tail.nextRead()
        let result: QueryResult
        do {
            result = try await runner.query(read.sql, read.parameters, timeout: timeout)
        } catch {
            fail(error, while: "reading the ledger")
            return false
        }
        let batch: LedgerBatch
        do {
            batch = try tail.absorb(result, of: read, now: .now)
        } catch {
            fail(error, while: "applying a ledger read")
            return false
        }
        self.tail = tail
        let now = Date().timeIntervalSince1970
        windows.roll(to: now)
        let reader = CallReader(columns: batch.result.columns)
        var seen = Set<Int64>(minimumCapacity: batch.result.rows.count)
        for row in batch.result.rows {
            guard let call = reader.call(row) else { windows.note("unreadable_row"); continue }
            // Two rows with one id (a partitioned ledger's key is (id, called_at)): both are
            // in the table, both are counted, as the report counts them; the anomaly is noted.
            if !seen.insert(call.id).inserted { windows.note("duplicate_id") }
            windows.ingest(call, now: now)
        }
        if !status.sourceUp { logger.info("ledger readable again; caught up from the cursor", metadata: ["cursor": "\(read.cursor)"]) }
        status.sourceUp = true
        status.lastError = nil
        status.cursor = batch.cursor
        status.openGaps = batch.openGaps
        status.lateRows += batch.lateRows
        status.expiredGaps += batch.expiredGaps
        status.evictedGaps += batch.evictedGaps
        status.rowsRead += batch.result.rows.count
        return batch.reachedBatchLimit
    }

    private func fail(_ error: any Error, while doing: String) {
        if status.sourceUp || status.lastError == nil {
            logger.warning("ledger unavailable", metadata: ["while": "\(doing)", "error": "\(error)"])
        }
        status.sourceUp = false
        status.pollErrors += 1
        status.lastError = "\(error)"
    }
}
