import Foundation
import Testing
@testable import Postgres
import TestSupport

/// The pool against the shared database: the connection cap, timeouts, leases.
@Suite struct PoolTests {
    let database: TestDatabase

    init() throws { database = try TestDatabase.shared() }

    /// Backends the server has for `applicationName`, seen from a separate observer session.
    private func backends(_ applicationName: String) throws -> Int64 {
        let observer = try PostgresConnection(config: PostgresConfig(conninfo: database.url))
        defer { observer.close() }
        return try observer.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1",
                                  [applicationName]).rows.first?.int64("n") ?? -1
    }

    @Test func neverMoreThanMaxConnectionsUnderManyConcurrentCallers() async throws {
        let name = "opsctl-pooltest-\(UUID().uuidString.prefix(8))"
        var config = PostgresConfig(conninfo: database.url)
        config.applicationName = name
        let pool = PostgresPool(config: config, maxConnections: 2)
        let seen = try await withThrowingTaskGroup(of: Int64.self) { group in
            for _ in 0..<60 {
                group.addTask {
                    let row = try await pool.query("""
                        SELECT (SELECT count(*) FROM pg_stat_activity WHERE application_name = $1) AS n, pg_sleep(0.01)
                        """, [name]).rows.first
                    return row?.int64("n") ?? -1
                }
            }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        #expect(seen.count == 60)
        #expect(seen.max() == 2, "60 concurrent callers should keep both connections busy, never a third")
        #expect(seen.min() ?? 0 >= 1)
        #expect(await pool.openConnections <= 2)
        #expect(try backends(name) == 2)
        await pool.close()
        #expect(await pool.openConnections == 0)
        var remaining = try backends(name)
        for _ in 0..<50 where remaining > 0 {      // backends exit asynchronously after close
            try await Task.sleep(for: .milliseconds(20))
            remaining = try backends(name)
        }
        #expect(remaining == 0)
        await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
    }

    @Test func withConnectionRunsSeveralStatementsOnOneSession() async throws {
        let pool = PostgresPool(config: PostgresConfig(conninfo: database.url), maxConnections: 1)
        defer { Task { await pool.close() } }
        let pids = try await pool.withConnection { connection in
            let first = try connection.query("SELECT pg_backend_pid() AS p").rows.first?.int64("p")
            let second = try connection.query("SELECT pg_backend_pid() AS p").rows.first?.int64("p")
            return [first, second]
        }
        #expect(pids[0] != nil && pids[0] == pids[1])
        // The lease came back: the next caller gets the same session.
        let again = try await pool.query("SELECT pg_backend_pid() AS p").rows.first?.int64("p")
        #expect(again == pids[0])
    }

    @Test func errorsFromTheBodyPassThroughAndTheConnectionIsReturned() async throws {
        struct Marker: Error {}
        let pool = PostgresPool(config: PostgresConfig(conninfo: database.url), maxConnections: 1)
        await #expect(throws: Marker.self) { try await pool.withConnection { _ in throw Marker() } }
        #expect(try await pool.query("SELECT 1 AS one").rows.first?.int64("one") == 1)
        await pool.close()
    }

    @Test func queryTimeoutThroughThePool() async throws {
        var config = PostgresConfig(conninfo: database.url)
        config.clientGuardMargin = .milliseconds(500)
        let pool = PostgresPool(config: config, maxConnections: 1)
        _ = try await pool.query("SELECT 1")          // connect first; time only the query
        let started = ContinuousClock.now
        await #expect(throws: PostgresError.timeout(.milliseconds(200))) {
            try await pool.query("SELECT pg_sleep(5)", timeout: .milliseconds(200))
        }
        // The promise: back within timeout + guard margin (+ the margin again waiting for a
        // cancel), however slow the server; normally the server's statement_timeout ends it.
        #expect(ContinuousClock.now - started < .milliseconds(200 + 500 + 500 + 300))
        #expect(try await pool.query("SELECT 1 AS one").rows.first?.int64("one") == 1)
        await pool.close()
    }

    @Test func deadDatabaseFailsFastAndBacksOff() async throws {
        let port = try unusedPort()
        let pool = PostgresPool(config: PostgresConfig(conninfo: "postgresql://opsctl_reader:Not-Shown-9@127.0.0.1:\(port)/gmailsvc"),
                                maxConnections: 2, backoff: Backoff(initial: .seconds(30), maximum: .seconds(30)))
        let started = ContinuousClock.now
        let first = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        guard case .connectionFailed? = first else { Issue.record("got \(String(describing: first))"); return }
        #expect(first?.description.contains("Not-Shown-9") == false)
        // Inside the backoff window the next callers get the same error at once, without a new attempt.
        for _ in 0..<5 {
            let again = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(again == first)
        }
        // Nobody waited out the 30 s backoff. (The bound is loose on purpose: the other
        // suites run in parallel in this process, and on 2 busy cores a refused connect
        // has been seen to take several seconds to come back.)
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(await pool.openConnections == 0)
        await pool.close()
    }
}
