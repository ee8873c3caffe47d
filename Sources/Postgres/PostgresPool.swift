import Dispatch
import Logging

/// At most `maxConnections` connections, ever. Runs blocking libpq work off the Swift
/// cooperative thread pool. Reconnects broken connections with backoff.
///
/// While the database is unreachable, a caller gets the last connection error at once
/// until the backoff delay has passed (no connection storm, no waiting caller); the first
/// caller after the delay tries again.
public actor PostgresPool {
    public nonisolated let config: PostgresConfig
    public nonisolated let maxConnections: Int
    public nonisolated let backoff: Backoff
    private let logger: Logger

    private var idle: [PostgresConnection] = []
    private var openCount = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var consecutiveFailures = 0
    private var retryAt: ContinuousClock.Instant?
    private var lastConnectError: PostgresError?
    private var closed = false

    public init(config: PostgresConfig, maxConnections: Int = 2, backoff: Backoff = Backoff(),
                logger: Logger = Logger(label: "opsctl.postgres")) {
        self.config = config
        self.maxConnections = max(1, maxConnections)
        self.backoff = backoff
        self.logger = logger
    }

    /// Open connections right now (leased and idle).
    public var openConnections: Int { openCount }

    /// Runs `body` with a leased connection on a thread outside the cooperative pool.
    /// `body` is escaping: it runs on a dispatch queue, which may still hold it for a
    /// moment after the caller resumes (withoutActuallyEscaping traps on exactly that).
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let (connection, _) = try await acquire()
        do {
            let value = try await runBlocking { try body(connection) }
            release(connection)
            return value
        } catch {
            release(connection, after: error)
            throw error
        }
    }

    /// One statement on a pooled connection. If a reused connection turns out to be broken
    /// (the server restarted since it was last used), retries once on a fresh connection.
    public func query(_ sql: String, _ parameters: [String?] = [], timeout: Duration? = nil) async throws -> QueryResult {
        for attempt in 1...2 {
            let (connection, reused) = try await acquire()
            do {
                let result = try await runBlocking { try connection.query(sql, parameters, timeout: timeout) }
                release(connection)
                return result
            } catch {
                release(connection, after: error)
                if attempt == 1, reused, case PostgresError.connectionLost = error { continue }
                throw error
            }
        }
        throw PostgresError.connectionLost("the connection broke twice in a row")
    }

    /// Closes idle connections now and leased ones when they come back; later calls fail.
    public func close() async {
        closed = true
        let connections = idle
        idle.removeAll()
        openCount -= connections.count
        for connection in connections { connection.close() }
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume() }
    }

    // MARK: - Leasing

    private func acquire() async throws -> (PostgresConnection, reused: Bool) {
        while true {
            if closed { throw PostgresError.connectionFailed("the connection pool is closed") }
            if let connection = idle.popLast() {
                if connection.isOpen { return (connection, true) }
                openCount -= 1
                continue
            }
            if openCount < maxConnections {
                if let retryAt, ContinuousClock.now < retryAt, let lastConnectError {
                    throw lastConnectError
                }
                openCount += 1          // reserve the slot before suspending
                let config = self.config
                let logger = self.logger
                do {
                    let connection = try await runBlocking { try PostgresConnection(config: config, logger: logger) }
                    if consecutiveFailures > 0 {
                        logger.info("reconnected", metadata: ["target": "\(config.redacted)"])
                    }
                    consecutiveFailures = 0
                    retryAt = nil
                    lastConnectError = nil
                    return (connection, false)
                } catch {
                    openCount -= 1
                    consecutiveFailures += 1
                    let delay = backoff.delay(afterFailures: consecutiveFailures)
                    retryAt = ContinuousClock.now + delay
                    lastConnectError = error as? PostgresError ?? .connectionFailed("\(error)")
                    logger.warning("connect failed; backing off", metadata: [
                        "error": "\(error)", "retry_in": "\(PostgresError.format(delay))",
                    ])
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    private func release(_ connection: PostgresConnection, after error: (any Error)? = nil) {
        if case PostgresError.connectionLost = error as? PostgresError ?? .invalidConfig("") {
            // The server likely went away for every connection; drop the idle ones too.
            for other in idle { other.close() }
            openCount -= idle.count
            idle.removeAll()
        }
        if closed || !connection.isOpen {
            connection.close()
            openCount -= 1
        } else {
            idle.append(connection)
        }
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    private func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            // A serial queue per call: serial queues run on libdispatch's overcommit threads,
            // which grow as calls block. A shared concurrent queue would be capped at the CPU
            // count on Linux, so two hung queries on a 2-core box would stall every other
            // caller (seen: a refused connect waiting 12 s behind frozen ones).
            DispatchQueue(label: "opsctl.postgres.blocking").async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}

/// Delay before the next connection attempt after `n` consecutive failures:
/// `initial * 2^(n-1)`, capped at `maximum`.
public struct Backoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(250), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
    }

    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = initial
        for _ in 1..<failures {
            delay *= 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
