import Exporter
import Foundation
import Testing
import TestSupport

/// The real `opsctl exporter` binary (built beside this test bundle by `swift build`/`swift test`).
@Suite(.serialized) struct CommandTests {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("opsctl").path
    }

    @Test func malformedConfigExitsTwoWithThePlaceAndStartsNothing() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the opsctl product first: swift build")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-bad-\(UUID().uuidString).yaml").path
        try "exporter:\n  listen: 127.0.0.1:0\n  collectors:\n    - name: a\n      query: SELECT 1\n      timeout: 5 seconds\n      metrics: [{name: m, value: v}]\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let started = Date()
        let result = try spawnAndWait([Self.binary, "exporter", "--config", path])
        #expect(result.status == 2)
        #expect(result.output == "opsctl exporter: \(path):6:16: exporter.collectors[0].timeout: invalid duration '5 seconds' (expected a number with a unit: ms, s, m, h or d, e.g. 15s, 500ms, 1h30m)\n")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// A connection string libpq cannot parse is a configuration error at start (exit 2, the
    /// flag named, the password not shown), not a pg_up 0 that only the logs explain.
    @Test func malformedDatabaseURLExitsTwoWithoutThePassword() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the opsctl product first: swift build")
        let result = try spawnAndWait([Self.binary, "exporter", "--listen", "127.0.0.1:0",
                                       "--database-url", "postgresql://reader:s3cret-pw@db:5432/gmailsvc?sslmod=require"])
        #expect(result.status == 2)
        #expect(result.output.hasPrefix("opsctl exporter: flag --database-url: invalid PostgreSQL connection settings"), "\(result.output)")
        #expect(result.output.contains("sslmod"), "names the bad parameter: \(result.output)")
        #expect(!result.output.contains("s3cret-pw"))
    }

    @Test func sigtermStopsTheServerCleanly() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the opsctl product first: swift build")
        let port = try freeLoopbackPort()
        // No database needed to start: the exporter serves pg_up 0 until one answers.
        let process = try ChildProcess([Self.binary, "exporter", "--listen", "127.0.0.1:\(port)",
                                       "--database-url", "postgresql://nobody@127.0.0.1:1/none", "--log-level", "error"])
        var status = 0
        for _ in 0..<40 {
            try await Task.sleep(for: .milliseconds(250))
            if let response = try? await HTTP.get("http://127.0.0.1:\(port)/healthz", timeout: 2) { status = response.status; break }
        }
        #expect(status == 200)
        let metrics = try await HTTP.get("http://127.0.0.1:\(port)/metrics", timeout: 10)
        #expect(metrics.status == 200 && metrics.body.contains("pg_up 0"))
        let started = Date()
        let exit = process.stop(signal: SIGTERM)
        #expect(exit == 0, "exit status \(exit)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// After its first collection the exporter unmaps the pages only start-up used, and keeps
    /// serving: the same binary with `release_startup_pages: false` stays larger.
    @Test func releasingStartupPagesLowersResidentMemoryAndScrapesStillWork() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the opsctl product first: swift build")
        let database = try TestDatabase.shared()
        var resident: [Bool: Int] = [:]
        for release in [true, false] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-pages-\(UUID().uuidString).yaml").path
            let yaml = DefaultConfig.yaml.replacingOccurrences(of: "\nexporter:\n", with: "\nexporter:\n  release_startup_pages: \(release)\n")
            #expect(yaml != DefaultConfig.yaml)
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let port = try freeLoopbackPort()
            let process = try ChildProcess([Self.binary, "exporter", "--config", path, "--listen", "127.0.0.1:\(port)",
                                           "--database-url", database.url, "--log-level", "error"])
            defer { process.stop() }
            var body = ""
            for attempt in 0..<40 {
                if attempt > 0 { try await Task.sleep(for: .milliseconds(250)) }
                if let response = try? await HTTP.get("http://127.0.0.1:\(port)/metrics", timeout: 10), response.status == 200 {
                    body = response.body
                    break
                }
            }
            #expect(ParsedMetrics(body).value("pg_up") == 1)
            for _ in 0..<3 { body = try await HTTP.get("http://127.0.0.1:\(port)/metrics", timeout: 10).body }
            let metrics = ParsedMetrics(body)
            #expect(metrics.value("pg_up") == 1)
            #expect(metrics.value("opsctl_exporter_collector_success", ["collector": "jobs_active"]) == 1)
            resident[release] = try #require(residentFileKiB(pid: process.pid))
        }
        let released = try #require(resident[true]), kept = try #require(resident[false])
        #expect(released < kept, "RssFile \(released) kB with release, \(kept) kB without")
    }
}
