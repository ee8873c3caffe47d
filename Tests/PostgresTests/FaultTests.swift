import Foundation
import Testing
@testable import Postgres
import TestSupport

/// Faults that need a server of our own: a hung backend, a restart, an outage.
/// Serialized: the tests stop and freeze the one private cluster.
@Suite(.serialized) final class FaultTests {
    let cluster: TestCluster

    init() throws { cluster = try TestCluster.start() }
    deinit { cluster.stop() }

    @Test func hungServerIsCutOffByTheClientGuard() throws {
        var config = PostgresConfig(conninfo: cluster.database.url)
        config.clientGuardMargin = .milliseconds(500)
        let connection = try PostgresConnection(config: config)
        defer { connection.close() }
        let pid = connection.backendPID
        #expect(pid > 0)
        // A frozen backend: statement_timeout cannot fire and PQcancel cannot be served.
        #expect(cluster.signal(SIGSTOP, pid: pid))
        defer { _ = cluster.signal(SIGCONT, pid: pid) }
        let started = ContinuousClock.now
        let error = #expect(throws: PostgresError.self) {
            try connection.query("SELECT 1", timeout: .milliseconds(300))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error == .timeout(.milliseconds(300)))
        // 300ms timeout + 500ms guard margin + at most 500ms waiting for the cancel.
        #expect(elapsed < .milliseconds(1800), "took \(elapsed)")
        #expect(!connection.isOpen, "a connection that did not answer the cancel is dropped")
    }

    @Test func hungServerThroughThePoolRecoversWithANewConnection() async throws {
        var config = PostgresConfig(conninfo: cluster.database.url)
        config.clientGuardMargin = .milliseconds(300)
        let pool = PostgresPool(config: config, maxConnections: 1)
        let pid = try await pool.query("SELECT pg_backend_pid() AS p").rows.first?.int64("p") ?? 0
        #expect(cluster.signal(SIGSTOP, pid: Int32(pid)))
        await #expect(throws: PostgresError.timeout(.milliseconds(200))) {
            try await pool.query("SELECT 1", timeout: .milliseconds(200))
        }
        _ = cluster.signal(SIGCONT, pid: Int32(pid))
        let next = try await pool.query("SELECT pg_backend_pid() AS p").rows.first?.int64("p")
        #expect(next != nil && next != pid)
        await pool.close()
    }

    @Test func poolRecoversAfterTheServerRestarts() async throws {
        let pool = PostgresPool(config: PostgresConfig(conninfo: cluster.database.url), maxConnections: 2,
                                backoff: Backoff(initial: .milliseconds(100), maximum: .milliseconds(500)))
        let before = try await pool.query("SELECT pg_backend_pid() AS p").rows.first?.int64("p")
        #expect(before != nil)

        // Restart while the pool holds an idle connection: the next query notices the broken
        // session and retries on a fresh one, so the caller sees no error at all.
        try cluster.stopServer()
        try cluster.startServer()
        let after = try await pool.query("SELECT pg_backend_pid() AS p").rows.first?.int64("p")
        #expect(after != nil && after != before)

        // An outage: callers get a clear, fast error ...
        try cluster.stopServer()
        let started = ContinuousClock.now
        let down = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(ContinuousClock.now - started < .seconds(2))
        switch down {
        case .connectionFailed?, .connectionLost?: break
        default: Issue.record("got \(String(describing: down))")
        }
        #expect(await pool.openConnections == 0)

        // ... and once the server is back the pool reconnects by itself, within the backoff cap.
        try cluster.startServer()
        var recovered: QueryResult?
        let deadline = ContinuousClock.now + .seconds(10)
        while recovered == nil, ContinuousClock.now < deadline {
            recovered = try? await pool.query("SELECT 1 AS one")
            if recovered == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(recovered?.rows.first?.int64("one") == 1)
        #expect(await pool.openConnections <= 2)
        await pool.close()
    }
}
