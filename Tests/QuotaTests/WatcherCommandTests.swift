import Foundation
import Testing
import TestSupport

/// The real `opsctl quota-watcher` binary: bad configuration, SIGTERM, and promtool's lint.
@Suite(.serialized) struct WatcherCommandTests {
    @Test func malformedConfigExitsTwoWithThePlace() throws {
        #expect(FileManager.default.isExecutableFile(atPath: opsctlBinary), "build the opsctl product first: swift build")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-qw-bad-\(UUID().uuidString).yaml").path
        try "quota:\n  watcher:\n    admission_listen: localhost\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try spawnAndWait([opsctlBinary, "quota-watcher", "--config", path])
        #expect(result.status == 2)
        #expect(result.output.hasPrefix("opsctl quota-watcher: \(path):3:23: quota.watcher.admission_listen: "), "\(result.output)")
        let key = try spawnAndWait([opsctlBinary, "quota-watcher", "--database-url", "postgresql://r:s3cret-pw@db/x?sslmod=on"])
        #expect(key.status == 2)
        #expect(!key.output.contains("s3cret-pw"))
    }

    @Test func servesWithoutADatabaseAndStopsCleanlyOnSIGTERM() async throws {
        let port = try freeLoopbackPort()
        let admissionPort = try freeLoopbackPort()
        let process = try ChildProcess([opsctlBinary, "quota-watcher", "--listen", "127.0.0.1:\(port)",
                                        "--admission-listen", "127.0.0.1:\(admissionPort)",
                                             "--database-url", "postgresql://nobody:pw@127.0.0.1:1/none", "--log-level", "error"])
        var body = ""
        for _ in 0..<40 {
            try await Task.sleep(for: .milliseconds(250))
            if let response = try? await HTTP.get("http://127.0.0.1:\(port)/metrics", timeout: 2), response.status == 200 {
                body = response.body
                break
            }
        }
        #expect(body.contains("opsctl_quota_source_up 0"), "watcher output: \(process.log)")
        let check = try await HTTP.get("http://127.0.0.1:\(admissionPort)/v1/quota/check?user=u&units=5", timeout: 5)
        #expect(check.status == 200 && check.body.contains("\"source_up\":false"))
        let started = Date()
        #expect(process.stop(grace: .seconds(10)) == 0)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func promtoolCheckMetricsFindsNothing() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        try await ledger.insert(Scenario.rows().map { row in (ago: row.ago / 100, user: row.user, method: row.method, status: row.status, reason: row.reason, units: row.units) })
        let watcher = try await RunningWatcher.start(ledger: ledger)
        let metrics = try await watcher.waitFor("source up") { $0.value("opsctl_quota_source_up") == 1 }
        await watcher.stop()
        #expect(metrics.text.contains("opsctl_quota_top_user_units_last_minute{rank=\"1\""))
        let result = try spawnAndWait(["/usr/bin/promtool", "check", "metrics"], stdin: metrics.text)
        #expect(result.status == 0 && result.output.isEmpty, "promtool: \(result.output)")
    }
}
