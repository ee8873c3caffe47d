import Foundation
import Testing
@testable import Postgres
import TestSupport

/// The ledger tail against the real PostgreSQL: each test writes its own table (plain or
/// range-partitioned by day) with admin connections and tails it through the read-only role.
@Suite(.serialized) struct LedgerTailTests {
    let database: TestDatabase

    init() throws { database = try TestDatabase.shared() }

    /// A writer session (the admin role, writes allowed).
    private func writer() throws -> PostgresConnection {
        var config = PostgresConfig(conninfo: database.adminURL)
        config.readOnly = false
        return try PostgresConnection(config: config)
    }

    private func reader() -> PostgresPool {
        PostgresPool(config: PostgresConfig(conninfo: database.url), maxConnections: 1)
    }

    /// A fresh ledger table; `partitioned` makes it range-partitioned by day on called_at
    /// (primary key (id, called_at)) with partitions for yesterday, today and tomorrow.
    private func makeLedger(_ admin: PostgresConnection, partitioned: Bool = false) throws -> String {
        let table = "ledger_tail_\(UUID().uuidString.prefix(8).lowercased())"
        if partitioned {
            _ = try admin.query("""
                CREATE TABLE \(table) (id bigserial, called_at timestamptz NOT NULL DEFAULT now(),
                                       user_id text NOT NULL, units int NOT NULL,
                                       PRIMARY KEY (id, called_at)) PARTITION BY RANGE (called_at)
                """)
            for day in -1...1 {
                _ = try admin.query("""
                    DO $$ BEGIN EXECUTE format('CREATE TABLE %I PARTITION OF \(table) FOR VALUES FROM (%L) TO (%L)',
                        '\(table)_d\(day + 1)', current_date + \(day), current_date + \(day + 1)); END $$
                    """)
            }
        } else {
            _ = try admin.query("""
                CREATE TABLE \(table) (id bigserial PRIMARY KEY, called_at timestamptz NOT NULL DEFAULT now(),
                                       user_id text NOT NULL, units int NOT NULL)
                """)
        }
        return table
    }

    private func tailSQL(_ table: String) -> String {
        """
        SELECT id, user_id, units
        FROM (SELECT id, user_id, units FROM \(table) WHERE id > $1 ORDER BY id LIMIT $2) AS new_rows
        UNION ALL
        SELECT id, user_id, units FROM \(table) WHERE id = ANY($3::bigint[])
        """
    }

    private func ids(_ batch: LedgerBatch) -> [Int64] {
        batch.result.rows.compactMap { $0.int64("id") }.sorted()
    }

    private func insert(_ connection: PostgresConnection, _ table: String, user: String = "u", units: Int = 1) throws -> Int64 {
        let result = try connection.query("INSERT INTO \(table) (user_id, units) VALUES ($1, $2) RETURNING id",
                                          [user, String(units)])
        return try #require(result.rows.first?.int64("id"))
    }

    /// T1 inserts and stays open, T2 inserts and commits, a poll reads T2; T1 commits and the
    /// next poll returns T1's row, once; a plain cursor would never see it.
    @Test(arguments: [false, true]) func lateCommitIsReadOnce(partitioned: Bool) async throws {
        let admin = try writer()
        let t1 = try writer()
        let t2 = try writer()
        let pool = reader()
        let table = try makeLedger(admin, partitioned: partitioned)
        defer { _ = try? admin.query("DROP TABLE \(table)"); admin.close(); t1.close(); t2.close() }

        var tail = LedgerTail(sql: tailSQL(table), cursor: 0)
        _ = try t1.query("BEGIN")
        let late = try insert(t1, table, user: "late")
        let early = try insert(t2, table, user: "early")
        #expect(late < early)

        let first = try await tail.poll(pool)
        #expect(ids(first) == [early])
        #expect(first.newRows == 1 && first.lateRows == 0)
        #expect(first.openGaps == 1)
        #expect(tail.cursor == early)

        _ = try t1.query("COMMIT")
        let second = try await tail.poll(pool)
        #expect(ids(second) == [late])
        #expect(second.lateRows == 1 && second.newRows == 0)
        #expect(second.isLate(late))
        #expect(second.openGaps == 0)

        let third = try await tail.poll(pool)
        #expect(third.result.rows.isEmpty)
        #expect(third.expiredGaps == 0 && third.evictedGaps == 0)
        await pool.close()
    }

    /// A rolled-back insert leaves an id that never fills: it is re-checked for the window,
    /// then given up (counted as expired), never returned, and the state shrinks back to zero.
    @Test func rolledBackIdExpiresWithoutGrowingState() async throws {
        let admin = try writer()
        let pool = reader()
        let table = try makeLedger(admin)
        defer { _ = try? admin.query("DROP TABLE \(table)"); admin.close() }

        var tail = LedgerTail(sql: tailSQL(table), cursor: 0,
                              settings: .init(lateCommitWindow: .milliseconds(800), maxGaps: 100))
        _ = try admin.query("BEGIN")
        _ = try insert(admin, table, user: "rolled-back")
        _ = try admin.query("ROLLBACK")
        let kept = try insert(admin, table)

        let first = try await tail.poll(pool)
        #expect(ids(first) == [kept])
        #expect(first.openGaps == 1)
        let second = try await tail.poll(pool)
        #expect(second.result.rows.isEmpty)
        #expect(second.openGaps == 1 && second.expiredGaps == 0)

        try await Task.sleep(for: .milliseconds(900))
        let third = try await tail.poll(pool)
        #expect(third.result.rows.isEmpty)
        #expect(third.expiredGaps == 1)
        #expect(third.openGaps == 0)
        #expect(tail.nextRead().gapIds.isEmpty)
        await pool.close()
    }

    /// A storm of rollbacks cannot grow the state past max_gaps: the excess is given up at once
    /// and counted (evicted), the newest gaps are kept.
    @Test func openGapsAreCappedAndTheExcessCounted() async throws {
        let admin = try writer()
        let pool = reader()
        let table = try makeLedger(admin)
        defer { _ = try? admin.query("DROP TABLE \(table)"); admin.close() }

        var tail = LedgerTail(sql: tailSQL(table), cursor: 0, settings: .init(maxGaps: 10))
        _ = try admin.query("BEGIN")
        _ = try admin.query("INSERT INTO \(table) (user_id, units) SELECT 'x', 1 FROM generate_series(1, 50)")
        _ = try admin.query("ROLLBACK")
        let kept = try insert(admin, table)          // id 51
        let batch = try await tail.poll(pool)
        #expect(ids(batch) == [kept])
        #expect(batch.openGaps == 10)
        #expect(batch.evictedGaps == 40)
        #expect(tail.nextRead().gapIds == Array((kept - 10)...(kept - 1)))

        // A sequence jump of a million ids costs no more than the cap.
        _ = try admin.query("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), $1)", [String(kept + 1_000_000)])
        let far = try insert(admin, table)
        let jumped = try await tail.poll(pool)
        #expect(ids(jumped) == [far])
        #expect(jumped.openGaps == 10)
        // The jump's million skipped ids beyond the newest 10, and the 10 older gaps they displaced.
        #expect(jumped.evictedGaps == 1_000_000)
        #expect(tail.nextRead().gapIds == Array((far - 10)...(far - 1)))
        await pool.close()
    }

    /// A commit later than the window is not returned (its gap was given up and counted), so
    /// nothing is counted twice or silently: the loss shows in expiredGaps.
    @Test func commitLaterThanTheWindowShowsAsExpired() async throws {
        let admin = try writer()
        let t1 = try writer()
        let pool = reader()
        let table = try makeLedger(admin)
        defer { _ = try? admin.query("DROP TABLE \(table)"); admin.close(); t1.close() }

        var tail = LedgerTail(sql: tailSQL(table), cursor: 0, settings: .init(lateCommitWindow: .milliseconds(500)))
        _ = try t1.query("BEGIN")
        _ = try insert(t1, table, user: "too-late")
        let early = try insert(admin, table)
        #expect(ids(try await tail.poll(pool)) == [early])
        try await Task.sleep(for: .milliseconds(600))
        let expired = try await tail.poll(pool)
        #expect(expired.expiredGaps == 1)
        _ = try t1.query("COMMIT")
        let after = try await tail.poll(pool)
        #expect(after.result.rows.isEmpty)
        #expect(after.openGaps == 0)
        await pool.close()
    }

    /// A backlog larger than the batch is read over several polls, each id once, in order.
    @Test func backlogIsCaughtUpInBatches() async throws {
        let admin = try writer()
        let pool = reader()
        let table = try makeLedger(admin)
        defer { _ = try? admin.query("DROP TABLE \(table)"); admin.close() }
        _ = try admin.query("INSERT INTO \(table) (user_id, units) SELECT 'b', g FROM generate_series(1, 250) g")

        var tail = LedgerTail(sql: tailSQL(table), cursor: 0, settings: .init(batchSize: 100))
        var seen: [Int64] = []
        var polls = 0
        while true {
            let batch = try await tail.poll(pool)
            polls += 1
            seen += ids(batch)
            if !batch.reachedBatchLimit { break }
        }
        #expect(polls == 3)
        #expect(seen == Array(1...250))
        #expect(tail.openGaps == 0)
        await pool.close()
    }

    /// A result that would count a row twice, or holds no ids, is refused and changes nothing.
    @Test func badResultsChangeNothing() throws {
        var tail = LedgerTail(sql: "unused", cursor: 10, openGaps: [7])
        let read = tail.nextRead()
        #expect(read.parameters == ["10", "50000", "{7}"])

        let twice = QueryResult(columns: ["id"], values: [["12"], ["9"]])
        #expect(throws: LedgerTailError.unexpectedId(id: 9, cursor: 10)) { try tail.absorb(twice, of: read) }
        let noColumn = QueryResult(columns: ["n"], values: [["1"]])
        #expect(throws: LedgerTailError.missingIdColumn(column: "id", available: ["n"])) { try tail.absorb(noColumn, of: read) }
        let garbage = QueryResult(columns: ["id"], values: [["{1,x}"]])
        #expect(throws: LedgerTailError.badId(column: "id", value: "{1,x}")) { try tail.absorb(garbage, of: read) }
        #expect(tail.cursor == 10 && tail.openGaps == 1)

        // Aggregated rows name their ids as an array; a group of late and new ids is split right.
        let grouped = QueryResult(columns: ["ids", "n"], values: [["{7,11,13}", "3"], ["{}", "0"], [nil, "0"]])
        var aggregated = LedgerTail(sql: "unused", cursor: 10, settings: .init(idColumn: "ids"), openGaps: [7])
        let aggregatedRead = aggregated.nextRead()
        let batch = try aggregated.absorb(grouped, of: aggregatedRead)
        #expect(batch.newRows == 2 && batch.lateRows == 1)
        #expect(aggregated.cursor == 13)
        #expect(aggregated.nextRead().gapIds == [12])
        #expect(throws: LedgerTailError.staleRead) { try aggregated.absorb(grouped, of: read) }
    }
}
