import Foundation
import OpsCore
@testable import Prober
import Testing
import TestSupport

/// The postgres module against the real PostgreSQL of the suite, a port where it is down,
/// and a wrong password.
@Suite(.serialized) struct PostgresProberTests {
    @Test func connectsRunsTheQueryAndReadsTheServer() async throws {
        let database = try TestDatabase.shared()
        let (result, log, _) = await probe(builtIn("postgres"), database.url, timeout: .seconds(5))
        #expect(result.success, "\(result.summary)")
        let facts = try #require(result.postgres)
        #expect(facts.serverVersion.first?.isNumber == true, "\(facts.serverVersion)")
        #expect(!facts.standby)
        #expect(!log.text.contains(try password(of: database.url)))

        // A configured read-only query that fails is `query`, with PostgreSQL's reason.
        let bad = try module("prober:\n  modules:\n    q:\n      prober: postgres\n      postgres: {query: 'SELECT * FROM no_such_table'}\n", "q")
        let failed = await probe(bad, database.url, timeout: .seconds(5)).result
        #expect(failed.reason == .query && failed.message.contains("no_such_table"), "\(failed.summary)")
        // ... and a write is refused by the read-only session.
        let write = try module("prober:\n  modules:\n    w:\n      prober: postgres\n      postgres: {query: 'CREATE TABLE t (x int)'}\n", "w")
        let refused = await probe(write, database.url, timeout: .seconds(5)).result
        #expect(refused.reason == .query && refused.message.contains("read-only"), "\(refused.summary)")
    }

    @Test func postgresDownIsRefusedWithinTheTimeout() async throws {
        let port = try freeLoopbackPort()
        let (result, _, seconds) = await probe(builtIn("postgres"), "postgresql://opsctl_reader:pw@127.0.0.1:\(port)/gmailsvc", timeout: .seconds(2))
        #expect(result.reason == .refused, "\(result.summary)")
        #expect(seconds <= 3)
        #expect(!result.message.contains(":pw@"))
    }

    /// The wrong password is `auth`, and appears in no message, log line, metric or /probe output.
    @Test func wrongPasswordIsAuthAndNeverShown() async throws {
        let database = try TestDatabase.shared()
        let wrong = "Wr0ngPassw0rd-\(UUID().uuidString.prefix(6))"
        let target = database.url.replacingOccurrences(of: ":\(try password(of: database.url))@", with: ":\(wrong)@")
        #expect(target != database.url)
        let (result, log, seconds) = await probe(builtIn("postgres"), target, timeout: .seconds(3))
        #expect(result.reason == .auth, "\(result.summary)")
        #expect(result.message.contains("password authentication failed"), "\(result.message)")
        #expect(seconds <= 4)
        let metrics = ExpositionEncoder.encode(ProbeMetrics.families(result, module: builtIn("postgres")), format: .prometheusText)
        #expect(metrics.contains("probe_failure_reason{reason=\"auth\"} 1"))
        for text in [result.message, log.text, metrics, ProbeReport.text(result, probe: OneShotProbe(module: builtIn("postgres"), target: target, timeout: .seconds(3))),
                     ProbeReport.json(result, probe: OneShotProbe(module: builtIn("postgres"), target: target, timeout: .seconds(3)))] {
            #expect(!text.contains(wrong), "the password leaked: \(text)")
        }
    }

    /// A query that hangs is cancelled at the timeout.
    @Test func slowQueryTimesOut() async throws {
        let database = try TestDatabase.shared()
        let slow = try module("prober:\n  modules:\n    s:\n      prober: postgres\n      postgres: {query: 'SELECT pg_sleep(20)'}\n", "s")
        let (result, _, seconds) = await probe(slow, database.url, timeout: .seconds(1))
        #expect(result.reason == .timeout, "\(result.summary)")
        #expect(seconds <= 2, "returned after \(seconds)s")
    }

    func password(of url: String) throws -> String {
        guard let components = URLComponents(string: url), let password = components.password, !password.isEmpty else {
            throw SupportError("no password in the test database URL")
        }
        return password
    }
}
