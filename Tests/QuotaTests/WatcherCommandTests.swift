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
        let port = Int.random(in: 30000...45000)
        let process = try BackgroundProcess([opsctlBinary, "quota-watcher", "--listen", "127.0.0.1:\(port)",
                                             "--admission-listen", "127.0.0.1:\(port + 1)",
                                             "--database-url", "postgresql://nobody:pw@127.0.0.1:1/none", "--log-level", "error"])
        var body = ""
        for _ in 0..<40 {
            try await Task.sleep(for: .milliseconds(250))
            if let response = try? await HTTP.get("http://127.0.0.1:\(port)/metrics", timeout: 2), response.status == 200 {
                body = response.body
                break
            }
        }
        #expect(body.contains("opsctl_quota_source_up 0"))
        let check = try await HTTP.get("http://127.0.0.1:\(port + 1)/v1/quota/check?user=u&units=5", timeout: 5)
        #expect(check.status == 200 && check.body.contains("\"source_up\":false"))
        let started = Date()
        #expect(process.terminate(signal: SIGTERM) == 0)
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

/// A long-running child started with posix_spawn; `terminate` signals it and reaps it.
final class BackgroundProcess: Sendable {
    let pid: pid_t

    init(_ command: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, command.first ?? "/bin/false", &actions, nil, argv, environ) == 0 else {
            throw TestDatabaseError(message: "cannot start \(command.first ?? "")")
        }
        self.pid = pid
    }

    func terminate(signal: Int32) -> Int32 {
        kill(pid, signal)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
