import Foundation
import Testing
@testable import Postgres
import TestSupport

/// Queries on one connection: typed rows, NULLs, parameters, read-only sessions, timeouts.
@Suite struct QueryTests {
    let database: TestDatabase

    init() throws { database = try TestDatabase.shared() }

    private func connect(_ url: String? = nil, readOnly: Bool = true) throws -> PostgresConnection {
        var config = PostgresConfig(conninfo: url ?? database.url)
        config.readOnly = readOnly
        return try PostgresConnection(config: config)
    }

    @Test func typedAccessAndNulls() throws {
        let connection = try connect()
        defer { connection.close() }
        let result = try connection.query("""
            SELECT NULL::int AS missing, 42::smallint AS small, 9223372036854775807::bigint AS big,
                   1.5::float8 AS d, 12.345::numeric AS num, 'NaN'::float8 AS nan, '-Infinity'::float8 AS neginf,
                   true AS yes, false AS no, 'héllo "q" \\ ünïcode'::text AS s, 2.5::float8 AS frac
            """)
        #expect(result.columns == ["missing", "small", "big", "d", "num", "nan", "neginf", "yes", "no", "s", "frac"])
        #expect(result.commandTag == "SELECT 1")
        let row = try #require(result.rows.first)
        #expect(row.string("missing") == nil)
        #expect(row.isNull("missing"))
        #expect(row.int64("missing") == nil)
        #expect(row.int64("small") == 42)
        #expect(row.int64("big") == Int64.max)
        #expect(row.double("d") == 1.5)
        #expect(row.double("num") == 12.345)
        #expect(row.double("nan")?.isNaN == true)
        #expect(row.double("neginf") == -.infinity)
        #expect(row.bool("yes") == true)
        #expect(row.bool("no") == false)
        #expect(row.string("s") == "héllo \"q\" \\ ünïcode")
        #expect(row.int64("frac") == nil)          // not an integer
        #expect(row.double("s") == nil)            // not a number
        #expect(row.string("no_such_column") == nil)
        #expect(!row.isNull("no_such_column"))
        #expect(row[1] == "42")
        #expect(row[0] == nil)
        #expect(row[99] == nil)
    }

    @Test func manyRowsComeBackInOrder() throws {
        let connection = try connect()
        defer { connection.close() }
        let result = try connection.query("SELECT g AS n FROM generate_series(1, $1::int) g ORDER BY g", ["5000"])
        #expect(result.rows.count == 5000)
        #expect(result.rows.map { $0.int64("n") ?? -1 } == (1...5000).map(Int64.init))
    }

    @Test func parametersAreValuesNeverSQL() throws {
        let connection = try connect()
        defer { connection.close() }
        let hostile = "x'); DROP TABLE jobs; --"
        let echoed = try connection.query("SELECT $1::text AS v, length($1::text) AS n", [hostile]).rows.first
        #expect(echoed?.string("v") == hostile)
        #expect(echoed?.int64("n") == Int64(hostile.count))
        let matched = try connection.query("SELECT count(*) AS n FROM user_integrations WHERE user_id = $1", ["' OR '1'='1"])
        #expect(matched.rows.first?.int64("n") == 0)
        let real = try connection.query("SELECT count(*) AS n FROM user_integrations WHERE user_id = $1", ["user-000001"])
        #expect((real.rows.first?.int64("n") ?? 0) > 0)
        let isNull = try connection.query("SELECT $1::text IS NULL AS null_param, $2::int + 1 AS next", [nil, "41"])
        #expect(isNull.rows.first?.bool("null_param") == true)
        #expect(isNull.rows.first?.int64("next") == 42)
        let tables = try connection.query("SELECT count(*) AS n FROM pg_tables WHERE tablename = 'jobs'")
        #expect(tables.rows.first?.int64("n") == 1)
    }

    @Test func readOnlySessionRejectsWritesEvenForASuperuser() throws {
        let connection = try connect(database.adminURL)
        defer { connection.close() }
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO jobs (user_id, kind, status) VALUES ($1, 'sync', 'queued')", ["opsctl-test"])
        }
        #expect(error?.sqlState == "25006")
        #expect(error?.description.contains("read-only") == true)
        // The connection stays usable after a rejected statement.
        #expect(try connection.query("SELECT 1 AS one").rows.first?.int64("one") == 1)

        let writable = try connect(database.adminURL, readOnly: false)
        defer { writable.close() }
        #expect(try writable.query("SHOW default_transaction_read_only").rows.first?[0] == "off")
    }

    @Test func serverErrorsCarrySQLStateAndAHint() throws {
        let connection = try connect()
        defer { connection.close() }
        let syntax = #expect(throws: PostgresError.self) { try connection.query("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
        let missing = #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM no_such_table") }
        #expect(missing?.sqlState == "42P01")
        #expect(missing?.description.contains("no_such_table") == true)
        #expect(missing?.description.contains("check it against your schema") == true)
        #expect(try connection.query("SELECT 2 AS two").rows.first?.int64("two") == 2)
    }

    @Test func slowQueryTimesOutWithinBoundAndTheConnectionStaysUsable() throws {
        var config = PostgresConfig(conninfo: database.url)
        config.clientGuardMargin = .milliseconds(500)
        let connection = try PostgresConnection(config: config)
        defer { connection.close() }
        let started = ContinuousClock.now
        let error = #expect(throws: PostgresError.self) {
            try connection.query("SELECT pg_sleep(10)", timeout: .milliseconds(300))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error == .timeout(.milliseconds(300)))
        // timeout + guard margin + the margin again for the cancel, plus scheduling slack.
        #expect(elapsed < .milliseconds(300 + 500 + 500 + 300), "took \(elapsed)")
        #expect(error?.description.contains("300ms") == true)
        #expect(connection.isOpen)
        // The next query gets its own (default) timeout, not the short one.
        #expect(try connection.query("SELECT pg_sleep(0.5), 1 AS one").rows.first?.int64("one") == 1)
        #expect(try connection.query("SHOW statement_timeout").rows.first?[0] == "30s")
    }

    @Test func closedConnectionSaysSo() throws {
        let connection = try connect()
        connection.close()
        #expect(!connection.isOpen)
        #expect(throws: PostgresError.connectionLost("the connection is closed")) { try connection.query("SELECT 1") }
    }

    @Test func concurrentCallersOnOneConnectionAreSerialized() async throws {
        let connection = try connect()
        defer { connection.close() }
        let sums = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for i in 1...20 {
                group.addTask { try connection.query("SELECT sum(g) AS s FROM generate_series(1, $1::int) g", [String(i * 100)]).rows.first?.int64("s") }
            }
            return try await group.reduce(into: [Int64?]()) { $0.append($1) }
        }
        var expected = Set<Int64>()
        for i in 1...20 {
            let n = Int64(i * 100)
            expected.insert(n * (n + 1) / 2)
        }
        let got = Set(sums.compactMap { $0 })
        #expect(got == expected)
    }
}
