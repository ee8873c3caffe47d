import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// The whole story on one machine: a throwaway PostgreSQL, opsctl's sidecars started as
/// processes (the real binary), a real Prometheus (Debian) scraping them every second with the
/// rules of `alerts/` loaded, and a scenario in the database that makes an alert fire and then
/// resolve. Every process is stopped at the end, whatever happens (ChildProcess stops on deinit
/// and has a watchdog that kills it if this test process dies).
///
/// The rules are the shipped files with two changes, so the story takes seconds instead of
/// minutes: every group's `interval` and every alert's `for` become 1s. The expressions,
/// labels and annotations are exactly those that ship.
@Suite(.serialized) struct EndToEndTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("opsctl").path
    static let prometheus = "/usr/bin/prometheus"

    @Test func prometheusScrapesEveryJobAndAnAlertFiresThenResolves() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the opsctl product first: swift build")
        let cluster = try TestCluster.start(seed: "small")
        defer { cluster.stop() }
        let stack = try await Stack.start(database: cluster.database)
        defer { stack.stop() }

        // Every job is up.
        let up = try await stack.waitFor("every job up", seconds: 60) {
            let values = try await stack.query("up")
            return values.count == stack.jobs.count && values.allSatisfy { $0.value == "1" } ? values : nil
        }
        #expect(Set(up.map { $0.labels["job"] ?? "" }) == Set(stack.jobs.keys))

        // Quiet first: the demo data has stuck sync jobs of its own; they are picked up again.
        try cluster.sql("UPDATE jobs SET status = 'done', updated_at = now() WHERE kind = 'sync' AND status = 'processing'")
        _ = try await stack.waitFor("no GmailJobsStuck for sync", seconds: 60) {
            try await stack.alerts().contains { $0.name == "GmailJobsStuck" && $0.labels["kind"] == "sync" } ? nil : true
        }

        // The scenario: a worker dies holding three sync jobs (processing, not updated for an hour).
        try cluster.sql("""
            INSERT INTO jobs (user_id, kind, status, created_at, updated_at)
            SELECT 'e2e-user', 'sync', 'processing', now() - interval '2 hours', now() - interval '1 hour'
            FROM generate_series(1, 3)
            """)
        let firing = try await stack.waitFor("GmailJobsStuck firing", seconds: 60) {
            try await stack.alerts().first { $0.name == "GmailJobsStuck" && $0.labels["kind"] == "sync" && $0.state == "firing" }
        }
        #expect(firing.labels["severity"] == "warning")
        #expect(firing.annotations["summary"] == "3 sync jobs stuck in processing")
        #expect(firing.annotations["runbook_url"]?.hasSuffix("runbooks/gmail-jobs-stuck.md") == true)

        // The scenario ends: the jobs are picked up again, and the alert resolves.
        try cluster.sql("UPDATE jobs SET status = 'done', updated_at = now() WHERE user_id = 'e2e-user'")
        _ = try await stack.waitFor("GmailJobsStuck resolved", seconds: 60) {
            try await stack.alerts().contains { $0.name == "GmailJobsStuck" && $0.labels["kind"] == "sync" } ? nil : true
        }
    }
}

/// The processes of one end-to-end run.
struct Stack {
    var children: [ChildProcess] = []
    /// job name -> target port.
    var jobs: [String: Int] = [:]
    var prometheusPort = 0
    var directory: URL

    static func start(database: TestDatabase) async throws -> Stack {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("rules"), withIntermediateDirectories: true)
        var stack = Stack(directory: directory)
        do {
            let exporterPort = try freeLoopbackPort()
            stack.children.append(try ChildProcess([EndToEndTests.binary, "exporter", "--listen", "127.0.0.1:\(exporterPort)",
                                                    "--database-url", database.url, "--log-level", "warning"]))
            stack.jobs["opsctl-exporter"] = exporterPort

            try stack.writeRules()
            try stack.writePrometheusConfig()
            stack.prometheusPort = try freeLoopbackPort()
            stack.children.append(try ChildProcess([
                EndToEndTests.prometheus, "--config.file=\(directory.appendingPathComponent("prometheus.yml").path)",
                "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(stack.prometheusPort)", "--log.level=warn",
            ]))
            return stack
        } catch {
            stack.stop()
            throw error
        }
    }

    func stop() {
        for child in children.reversed() { child.stop() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// alerts/*.yaml with every group `interval:` and alert `for:` set to 1s.
    func writeRules() throws {
        let alerts = TestCluster.repositoryRoot.appendingPathComponent("alerts")
        let files = try FileManager.default.contentsOfDirectory(atPath: alerts.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty, "alerts/*.yaml")
        for file in files {
            let text = try String(contentsOf: alerts.appendingPathComponent(file), encoding: .utf8)
            let fast = text
                .replacingOccurrences(of: #"(?m)^(\s+)interval:\s*\S+"#, with: "$1interval: 1s", options: .regularExpression)
                .replacingOccurrences(of: #"(?m)^(\s+)for:\s*\S+"#, with: "$1for: 1s", options: .regularExpression)
            try fast.write(to: directory.appendingPathComponent("rules/\(file)"), atomically: true, encoding: .utf8)
        }
    }

    func writePrometheusConfig() throws {
        var config = """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - \(directory.appendingPathComponent("rules").path)/*.yaml
            scrape_configs:

            """
        for (job, port) in jobs.sorted(by: { $0.key < $1.key }) {
            config += """
                  - job_name: \(job)
                    static_configs:
                      - targets: ['127.0.0.1:\(port)']

                """
        }
        try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
    }

    struct Sample { var labels: [String: String]; var value: String }
    struct Alert { var name: String; var state: String; var labels: [String: String]; var annotations: [String: String] }

    func api(_ path: String) async throws -> [String: Any] {
        guard let url = URL(string: "http://127.0.0.1:\(prometheusPort)\(path)") else { throw TestDatabaseError(message: "bad path \(path)") }
        let (data, _) = try await URLSession.shared.data(for: URLRequest(url: url, timeoutInterval: 5))
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any], json["status"] as? String == "success",
              let payload = json["data"] as? [String: Any] else {
            throw TestDatabaseError(message: "Prometheus \(path): \(String(decoding: data, as: UTF8.self))")
        }
        return payload
    }

    func query(_ expression: String) async throws -> [Sample] {
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expression
        let result = try await api("/api/v1/query?query=\(encoded)")["result"] as? [[String: Any]] ?? []
        return result.map { Sample(labels: $0["metric"] as? [String: String] ?? [:], value: ($0["value"] as? [Any])?.last as? String ?? "") }
    }

    func alerts() async throws -> [Alert] {
        let list = try await api("/api/v1/alerts")["alerts"] as? [[String: Any]] ?? []
        return list.map {
            let labels = $0["labels"] as? [String: String] ?? [:]
            return Alert(name: labels["alertname"] ?? "", state: $0["state"] as? String ?? "",
                         labels: labels, annotations: $0["annotations"] as? [String: String] ?? [:])
        }
    }

    /// Polls `condition` twice a second until it returns a value; fails with what the processes
    /// logged if it does not within `seconds`.
    func waitFor<T>(_ what: String, seconds: Int, _ condition: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var lastError = ""
        while ContinuousClock.now < deadline {
            do {
                if let value = try await condition() { return value }
            } catch {
                lastError = "\(error)"
            }
            for child in children where !child.isRunning {
                throw TestDatabaseError(message: "\(child.command[0]) exited while waiting for \(what): \(child.log.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let targets = (try? await api("/api/v1/targets")).map { "\($0)" } ?? ""
        throw TestDatabaseError(message: "timed out after \(seconds)s waiting for \(what); last error: \(lastError); targets: \(targets.prefix(2000)); logs: \(children.map { $0.log.suffix(1000) })")
    }
}

extension TestCluster {
    /// Runs SQL as the superuser (the service writing its tables).
    func sql(_ text: String) throws {
        try TestCluster.run(["/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", database.adminURL, "-c", text])
    }
}
