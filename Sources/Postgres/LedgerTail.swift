/// Tails an append-only ledger (e.g. `gmail_api_calls`) by its sequence id and returns every
/// committed row once — rows past the cursor, and rows that commit late, out of id order.
///
/// Why a plain cursor loses rows: ids come from a sequence at INSERT time, not at commit.
/// T1 inserts id 5 and stays open, T2 inserts id 6 and commits; a read of `id > 4` sees only
/// 6 and a cursor moved to 6 never sees 5 when T1 commits.
///
/// How this tail works (gap tracking): the cursor is the highest id read. Every id at or
/// below it that the read did not return is an open *gap*, remembered with the time it was
/// first seen. Each poll re-checks the open gaps by primary-key lookup (`id = ANY($3)`)
/// beside reading past the cursor, so a late commit is found on the next poll after it
/// commits and is returned once (its gap is closed). A gap that stays empty for longer than
/// `lateCommitWindow` is given up (`expiredGaps`): a rolled-back insert, a failed insert or a
/// sequence jump leaves an id that never fills. Open gaps are capped at `maxGaps`; past the
/// cap the oldest are given up first (`evictedGaps`). A poll costs O(new rows + open gaps)
/// index lookups and the state is O(open gaps) — it never grows with the ledger.
///
/// The bound: a row counts if it commits within `lateCommitWindow` of the first poll that
/// read past its id (and while fewer than `maxGaps` gaps are younger than its own). A row
/// committing later is not returned; its gap is counted in `expiredGaps` (or `evictedGaps`),
/// so the loss is visible, never silent. Gaps, not rows, are counted there: a rollback and
/// a too-late commit look the same from outside.
///
/// Why not the xmin horizon (advance a confirmed cursor only past the oldest running
/// transaction, `pg_snapshot_xmin(pg_current_snapshot())`): that horizon is cluster-wide, so
/// any long transaction (a dump, an idle-in-transaction session in another database) stalls
/// it and the rows read above it must all be remembered or re-read; gap tracking remembers
/// only the ids that are missing, works on a hot standby and needs no xid arithmetic.
///
/// The statement is configuration. It gets `$1` = the cursor (bigint), `$2` = the most new
/// rows to read, `$3` = the open gaps as a `bigint[]` literal (`{5,9}`), and must return the
/// rows with `id > $1` (the smallest ids first, at most `$2`) plus the rows whose id is in
/// `$3`. Each result row names its ledger ids in `idColumn`: one id (`id`, a row per ledger
/// row) or, for a statement that aggregates, `array_agg(id)` of its group. Reads go through
/// the table by name, so a ledger range-partitioned by day (primary key `(id, called_at)`)
/// works unchanged. Per-row:
///
///     SELECT id, called_at, user_id, method, quota_units
///     FROM (SELECT * FROM gmail_api_calls WHERE id > $1 ORDER BY id LIMIT $2) AS new_rows
///     UNION ALL
///     SELECT id, called_at, user_id, method, quota_units
///     FROM gmail_api_calls WHERE id = ANY($3::bigint[])
///
/// A value type: keep it in one place (an actor, or a task's local variable) and run one
/// poll at a time — `nextRead()`, run the statement, `absorb(_:of:now:)`; or `poll(_:)`.
public struct LedgerTail: Sendable {
    public struct Settings: Sendable, Equatable {
        /// How long a gap is re-checked before it is given up.
        public var lateCommitWindow: Duration
        /// The most open gaps remembered; past it the oldest are given up.
        public var maxGaps: Int
        /// `$2`: the most new rows (ids past the cursor) one poll reads.
        public var batchSize: Int
        /// The result column holding each row's ledger id, or `array_agg(id)` of its group.
        public var idColumn: String

        public static let defaultLateCommitWindow: Duration = .seconds(300)
        public static let defaultMaxGaps = 10_000
        public static let defaultBatchSize = 50_000

        public init(lateCommitWindow: Duration = Settings.defaultLateCommitWindow,
                    maxGaps: Int = Settings.defaultMaxGaps,
                    batchSize: Int = Settings.defaultBatchSize,
                    idColumn: String = "id") {
            self.lateCommitWindow = lateCommitWindow
            self.maxGaps = max(0, maxGaps)
            self.batchSize = max(1, batchSize)
            self.idColumn = idColumn
        }
    }

    public let sql: String
    public let settings: Settings
    /// The highest id read so far (or the start).
    public private(set) var cursor: Int64
    /// Open gap id -> when it was first seen.
    private var gaps: [Int64: ContinuousClock.Instant]
    /// Bumped by every absorb, so a result is applied only to the state it was read from.
    private var generation: UInt64 = 0

    /// Starts after `cursor`: rows with a larger id are read. The exporter starts at the
    /// current `max(id)`; a caller that rebuilds state from a window starts at the largest id
    /// it read and may pass the ids it found missing below it as `openGaps` (first seen `now`).
    public init(sql: String, cursor: Int64, settings: Settings = Settings(),
                openGaps: [Int64] = [], now: ContinuousClock.Instant = .now) {
        self.sql = sql
        self.settings = settings
        self.cursor = cursor
        var gaps: [Int64: ContinuousClock.Instant] = [:]
        for id in Set(openGaps.filter { $0 <= cursor }).sorted(by: >).prefix(settings.maxGaps) { gaps[id] = now }
        self.gaps = gaps
    }

    /// Ids at or below the cursor not yet seen and still re-checked.
    public var openGaps: Int { gaps.count }

    /// The statement and parameters of the next poll.
    public func nextRead() -> LedgerRead {
        let ids = gaps.keys.sorted()
        return LedgerRead(sql: sql,
                          parameters: [String(cursor), String(settings.batchSize),
                                       "{" + ids.map(String.init).joined(separator: ",") + "}"],
                          cursor: cursor, gapIds: ids, generation: generation)
    }

    /// Applies the result of `read`: moves the cursor, closes the gaps that were found, opens
    /// the ones the read skipped, gives up the expired. Throws, changing nothing, when the
    /// result lacks the id column, holds a non-id, returns an id at or below the cursor that
    /// is not an open gap (the statement would count a row twice), or `read` is stale.
    public mutating func absorb(_ result: QueryResult, of read: LedgerRead,
                                now: ContinuousClock.Instant = .now) throws(LedgerTailError) -> LedgerBatch {
        guard read.generation == generation else { throw .staleRead }
        guard result.columns.contains(settings.idColumn) else {
            throw .missingIdColumn(column: settings.idColumn, available: result.columns)
        }
        var newIds: [Int64] = []
        var lateIds: [Int64] = []
        for row in result.rows {
            guard let text = row.string(settings.idColumn) else { continue }
            guard let ids = Self.parseIds(text) else { throw .badId(column: settings.idColumn, value: text) }
            for id in ids {
                if id > read.cursor {
                    newIds.append(id)
                } else if gaps[id] != nil {
                    lateIds.append(id)
                } else {
                    throw .unexpectedId(id: id, cursor: read.cursor)
                }
            }
        }

        var updated = gaps
        for id in lateIds { updated[id] = nil }
        var expired = 0
        for (id, firstSeen) in updated where now - firstSeen >= settings.lateCommitWindow {
            updated[id] = nil
            expired += 1
        }

        // The ids the read skipped between the old cursor and the largest id it returned.
        newIds.sort()
        var skipped: [ClosedRange<Int64>] = []
        var previous = read.cursor
        for id in newIds where id > previous {
            if id > previous + 1 { skipped.append((previous + 1)...(id - 1)) }
            previous = id
        }
        var evicted = 0
        var room = settings.maxGaps
        // The newest skipped ids are kept first; what does not fit is given up at once.
        for range in skipped.reversed() {
            let size = Int(range.upperBound - range.lowerBound + 1)
            let kept = min(size, room)
            if kept > 0 {
                for id in stride(from: range.upperBound, through: range.upperBound - Int64(kept) + 1, by: -1) {
                    updated[id] = now
                }
            }
            room -= kept
            evicted += size - kept
        }
        if updated.count > settings.maxGaps {
            let oldest = updated.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
                .prefix(updated.count - settings.maxGaps)
            for (id, _) in oldest { updated[id] = nil }
            evicted += oldest.count
        }

        gaps = updated
        cursor = max(read.cursor, previous)
        generation &+= 1
        let distinctNew = Set(newIds).count
        return LedgerBatch(result: result, previousCursor: read.cursor, cursor: cursor,
                           newRows: newIds.count, lateRows: lateIds.count,
                           expiredGaps: expired, evictedGaps: evicted, openGaps: gaps.count,
                           reachedBatchLimit: distinctNew >= settings.batchSize)
    }

    /// One poll: `nextRead()`, the statement through `runner`, `absorb`.
    public mutating func poll(_ runner: some StatementRunner, timeout: Duration? = nil) async throws -> LedgerBatch {
        let read = nextRead()
        let result = try await runner.query(read.sql, read.parameters, timeout: timeout)
        return try absorb(result, of: read, now: .now)
    }

    /// `123` or PostgreSQL's array text `{1,2,3}` (`{}` is none).
    public static func parseIds(_ text: String) -> [Int64]? {
        guard text.first == "{" else { return Int64(text).map { [$0] } }
        guard text.last == "}" else { return nil }
        let body = text.dropFirst().dropLast()
        if body.isEmpty { return [] }
        var ids: [Int64] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard let id = Int64(part) else { return nil }
            ids.append(id)
        }
        return ids
    }
}

/// One poll's statement: run `sql` with `parameters`, then hand the result to `absorb`.
public struct LedgerRead: Sendable {
    public let sql: String
    /// `$1` cursor, `$2` batch size, `$3` open gaps as a `bigint[]` literal.
    public let parameters: [String?]
    /// The cursor this read starts after.
    public let cursor: Int64
    /// The open gaps this read re-checks, ascending.
    public let gapIds: [Int64]
    let generation: UInt64
}

/// What one poll found.
public struct LedgerBatch: Sendable {
    /// The statement's rows: every ledger row in it is new to this tail (past the old cursor,
    /// or a late commit that filled a gap), each returned once over the tail's life.
    public let result: QueryResult
    /// The cursor before this poll: a row whose id is at or below it is a late commit.
    public let previousCursor: Int64
    /// The cursor after this poll (the highest id read).
    public let cursor: Int64
    /// Ledger rows past the old cursor.
    public let newRows: Int
    /// Ledger rows that filled a gap: committed after a larger id had been read (they are
    /// in `result` and count like any other; this says how many arrived late).
    public let lateRows: Int
    /// Gaps given up because they stayed empty for `lateCommitWindow` (a rollback, or a
    /// commit later than the window: such a row is never returned).
    public let expiredGaps: Int
    /// Gaps given up at once because more than `maxGaps` were open.
    public let evictedGaps: Int
    /// Gaps still re-checked after this poll.
    public let openGaps: Int
    /// The read returned a full batch of new rows: more are probably waiting (poll again).
    public let reachedBatchLimit: Bool

    /// Whether `id` arrived late (filled a gap) in this batch.
    public func isLate(_ id: Int64) -> Bool { id <= previousCursor }
}

/// Why a poll's result could not be applied. Nothing changes when one is thrown.
public enum LedgerTailError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingIdColumn(column: String, available: [String])
    case badId(column: String, value: String)
    case unexpectedId(id: Int64, cursor: Int64)
    case staleRead

    public var description: String {
        switch self {
        case .missingIdColumn(let column, let available):
            return "the ledger query result has no column '\(column)' (it has: \(available.joined(separator: ", "))); "
                + "return each row's id (or array_agg(id) AS \(column) when the query aggregates)"
        case .badId(let column, let value):
            return "the ledger query's column '\(column)' holds '\(value.prefix(80))', which is not a bigint id "
                + "or an array of ids"
        case .unexpectedId(let id, let cursor):
            return "the ledger query returned id \(id), at or below the cursor \(cursor) but not an open gap: "
                + "it would count a row twice; read only id > $1 and id = ANY($3::bigint[])"
        case .staleRead:
            return "a ledger poll result was applied after another poll had moved the cursor (one poll at a time)"
        }
    }
}
