import Foundation
import Testing
@testable import Exporter
import OpsCore
import TestSupport

/// The real Prometheus tools read the exporter's output.
@Suite(.serialized) struct PrometheusToolsTests {
    static let promtool = "/usr/bin/promtool"
    static let prometheus = "/usr/bin/prometheus"

    /// promtool's linter over the 0.0.4 text finds nothing, with the built-in PostgreSQL health
    /// (postgres_exporter's `pg_stat_activity_count`, exposed untyped so the `_count` lint does
    /// not apply) and without it.
    @Test func promtoolCheckMetricsFindsNothing() async throws {
        let database = try TestDatabase.shared()
        let exporter = try await RunningExporter.start(databaseURL: database.url)
        let text = try await exporter.get("/metrics").body
        await exporter.stop()
        let full = try runProcess(Self.promtool, ["check", "metrics"], stdin: text)
        #expect(text.contains("pg_stat_activity_count{"), "the postgres_exporter name is served")
        #expect(full.status == 0 && full.output.isEmpty, "promtool: \(full.output)")

        let withoutHealth = try await RunningExporter.start(
            yaml: DefaultConfig.yaml.replacingOccurrences(of: "postgres_health: true", with: "postgres_health: false"),
            databaseURL: database.url)
        let serviceOnly = try await withoutHealth.get("/metrics").body
        await withoutHealth.stop()
        #expect(serviceOnly.contains("gmailsvc_jobs{"))
        let clean = try runProcess(Self.promtool, ["check", "metrics"], stdin: serviceOnly)
        #expect(clean.status == 0 && clean.output.isEmpty, "promtool: \(clean.output)")
    }

    /// Label values straight from the database with quotes, backslashes, newlines and UTF-8
    /// come out escaped, and promtool parses the page without a finding.
    @Test func hostileLabelValuesAreEscaped() async throws {
        let database = try TestDatabase.shared()
        let yaml = #"""
            exporter:
              postgres_health: false
              collectors:
                - name: hostile
                  query: SELECT E'say "hi"\\ back\\slash\nnew line ü 🚀' AS note, 1 AS v
                  metrics: [{name: test_hostile, help: "help with \\ and\nnewline", key_labels: [note], value: v}]
            """#
        let exporter = try await RunningExporter.start(yaml: yaml, databaseURL: database.url)
        let text = try await exporter.get("/metrics").body
        await exporter.stop()
        #expect(text.contains(#"test_hostile{note="say \"hi\"\\ back\\slash\nnew line ü 🚀"} 1"#), "\(text)")
        let check = try runProcess(Self.promtool, ["check", "metrics"], stdin: text)
        #expect(check.status == 0 && check.output.isEmpty, "promtool: \(check.output)")
    }

    /// A real Prometheus scrapes the exporter (it negotiates OpenMetrics), and `up` and a
    /// service metric come back through its HTTP API.
    @Test func prometheusScrapesTheExporter() async throws {
        let database = try TestDatabase.shared()
        let exporter = try await RunningExporter.start(databaseURL: database.url)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-prom-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configPath = directory.appendingPathComponent("prometheus.yml").path
        try """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: opsctl
                static_configs:
                  - targets: ['127.0.0.1:\(exporter.port)']

            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let port = try freeLoopbackPort()
        let prometheus = try ChildProcess([
            Self.prometheus, "--config.file=\(configPath)", "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
        ])
        defer {
            prometheus.stop()
            try? FileManager.default.removeItem(at: directory)
        }

        var up: String?
        var jobs: String?
        var targetError = ""
        for _ in 0..<60 {
            try await Task.sleep(for: .milliseconds(500))
            up = try? await Self.instantValue(port: port, query: "up{job=\"opsctl\"}")
            jobs = try? await Self.instantValue(port: port, query: "sum(gmailsvc_jobs{status=\"queued\"})")
            if up == "1", jobs != nil { break }
            targetError = (try? await HTTP.get("http://127.0.0.1:\(port)/api/v1/targets").body) ?? ""
        }
        await exporter.stop()
        #expect(up == "1", "targets: \(targetError)")
        let queued = try await SQL.rows(database.adminURL, "SELECT count(*) AS n FROM jobs WHERE status = 'queued'")
        #expect(jobs.flatMap(Double.init) == queued.rows.first?.double("n"))
    }

    /// The value of the first result of an instant query, as Prometheus prints it.
    static func instantValue(port: Int, query: String) async throws -> String? {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let body = try await HTTP.get("http://127.0.0.1:\(port)/api/v1/query?query=\(encoded)").body
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let data = json?["data"] as? [String: Any]
        let result = (data?["result"] as? [[String: Any]])?.first
        return (result?["value"] as? [Any])?.last as? String
    }
}
