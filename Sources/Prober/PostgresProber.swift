import Dispatch
import Foundation
import Postgres

/// Connects to PostgreSQL through libpq, runs the module's read-only query (`SELECT 1` by
/// default), and reads the server version and whether the server is a standby.
///
/// Failures: `refused` (nothing listens), `auth` (wrong password or unknown role), `dns`,
/// `timeout` (connect or query), `query` (the query failed), `network` (anything else).
/// Every message is libpq's, scrubbed of the password by the Postgres module; the target
/// is shown without it.
struct PostgresProber: TargetProber {
    let config: PostgresModuleConfig

    static let factsQuery = "SELECT current_setting('server_version') AS version, pg_is_in_recovery() AS standby"

    static func validate(target: String) throws(TargetError) {
        guard !target.trimmingWhitespaceAndNewlines().isEmpty else {
            throw TargetError("a postgres target is a connection URL (postgresql://user@host:5432/db) or key=value conninfo")
        }
        do {
            try PostgresConfig(conninfo: target).checkConnectionString()
        } catch {
            throw TargetError("\(error)")
        }
    }

    func probe(target: String, timeout: Duration, log: ProbeLog) async -> ProbeResult {
        let startedAt = Date()
        let started = ContinuousClock.now
        var settings = PostgresConfig(conninfo: target)
        settings.applicationName = "opsctl-prober"
        settings.connectTimeoutSeconds = max(1, Int(timeout.seconds.rounded(.up)))
        settings.clientGuardMargin = .milliseconds(100)
        let shown = settings.redacted
        log.add("connecting to \(shown) (timeout \(ProbeDeadline.format(timeout)))")
        let query = config.query
        let connectionConfig = settings
        let outcome: Result<ProbeResult.PostgresFacts, PostgresError> = await Self.runBlocking {
            let connectStart = ContinuousClock.now
            let connection: PostgresConnection
            do {
                connection = try PostgresConnection(config: connectionConfig)
            } catch {
                return .failure(error as? PostgresError ?? .connectionFailed("\(error)"))
            }
            defer { connection.close() }
            let connectSeconds = (ContinuousClock.now - connectStart).seconds
            log.add("connected in \(String(format: "%.3f", connectSeconds))s; running: \(query)")
            let queryStart = ContinuousClock.now
            do {
                let remaining = max(.milliseconds(100), timeout - (ContinuousClock.now - started))
                _ = try connection.query(query, timeout: remaining)
                let querySeconds = (ContinuousClock.now - queryStart).seconds
                let left = max(.milliseconds(100), timeout - (ContinuousClock.now - started))
                let facts = try connection.query(Self.factsQuery, timeout: left)
                let row = facts.rows.first
                return .success(.init(serverVersion: row?.string("version") ?? "", standby: row?.string("standby") == "t",
                                      connectSeconds: connectSeconds, querySeconds: querySeconds))
            } catch {
                return .failure(error as? PostgresError ?? .connectionLost("\(error)"))
            }
        }
        let duration = (ContinuousClock.now - started).seconds
        switch outcome {
        case .success(let facts):
            log.add("server \(facts.serverVersion), \(facts.standby ? "standby" : "primary")")
            return ProbeResult(success: true, message: "connected to \(shown) and ran the query; PostgreSQL \(facts.serverVersion), \(facts.standby ? "standby" : "primary")",
                               duration: duration, startedAt: startedAt, postgres: facts)
        case .failure(let error):
            let reason = Self.reason(error)
            log.add("failed (\(reason.rawValue)): \(error)")
            return .failure(reason, "\(error)", startedAt: startedAt, duration: duration)
        }
    }

    static func reason(_ error: PostgresError) -> FailureReason {
        switch error {
        case .connectionFailed(let message):
            let lower = message.lowercased()
            if lower.contains("password authentication failed") || lower.contains("no password supplied")
                || lower.contains("authentication failed") || (lower.contains("role") && lower.contains("does not exist")) {
                return .auth
            }
            if lower.contains("connection refused") { return .refused }
            if lower.contains("could not translate host name") || lower.contains("name or service not known") { return .dns }
            if lower.contains("timeout") || lower.contains("timed out") { return .timeout }
            if lower.contains("ssl") || lower.contains("certificate") { return .tls }
            return .network
        case .timeout: return .timeout
        case .queryFailed: return .query
        case .connectionLost, .invalidConfig: return .network
        }
    }

    /// Blocking libpq work on its own serial queue (an overcommit thread), off the
    /// cooperative pool, so a hung server never stalls other probes.
    private static func runBlocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue(label: "opsctl.prober.postgres").async { continuation.resume(returning: body()) }
        }
    }
}
