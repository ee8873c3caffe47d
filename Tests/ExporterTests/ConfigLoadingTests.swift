import Foundation
import Testing
@testable import Exporter
import OpsCore
import Postgres

@Suite struct ConfigLoadingTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedDefaultEqualsTheShippedFile() throws {
        let shipped = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("config/opsctl.yaml"), encoding: .utf8)
        #expect(DefaultConfig.yaml + "\n" == shipped, "run scripts/embed-default-config.sh after editing config/opsctl.yaml")
    }

    @Test func defaultConfigLoadsWithTheReferenceCollectors() throws {
        let settings = try ExporterSettings.resolve(flags: .init(), environment: [:])
        #expect(settings.configSource == DefaultConfig.source)
        #expect(settings.config.collectors.map(\.name) == [
            "jobs_active", "jobs_stuck", "jobs_queued_per_user", "jobs_failed_recent", "cleanup_runs_recent", "cleanup_runs_running",
            "gmail_api_calls", "integrations", "tokens_expiring",
        ])
        let ledger = try #require(settings.config.collectors.first { $0.name == "gmail_api_calls" })
        #expect(ledger.kind == .incrementalCounter)
        #expect(ledger.ledgerSettings == LedgerTail.Settings(lateCommitWindow: .seconds(300), maxGaps: 10_000,
                                                             batchSize: 50_000, idColumn: "ids"))
        #expect(settings.listen == ListenAddress(host: "0.0.0.0", port: 9188))
    }

    @Test func fileThenEnvironmentThenFlags() throws {
        let path = try write("exporter:\n  listen: 127.0.0.1:1000\n  log_level: warning\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fileOnly = try ExporterSettings.resolve(flags: .init(configPath: path), environment: [:])
        #expect(fileOnly.listen.port == 1000)
        #expect(fileOnly.logLevel == .warning)
        #expect(fileOnly.config.collectors.isEmpty)
        let environment = ["OPSCTL_EXPORTER_LISTEN": "127.0.0.1:2000", "OPSCTL_LOG_LEVEL": "debug", "OPSCTL_CONFIG": path]
        let withEnvironment = try ExporterSettings.resolve(flags: .init(), environment: environment)
        #expect(withEnvironment.listen.port == 2000)
        #expect(withEnvironment.logLevel == .debug)
        let withFlags = try ExporterSettings.resolve(flags: .init(listen: ":3000", logLevel: "error"), environment: environment)
        #expect(withFlags.listen == ListenAddress(host: "0.0.0.0", port: 3000))
        #expect(withFlags.logLevel == .error)
        let badEnvironment = #expect(throws: ConfigError.self) {
            try ExporterSettings.resolve(flags: .init(configPath: path), environment: ["OPSCTL_EXPORTER_LISTEN": "nowhere"])
        }
        #expect(badEnvironment?.description.hasPrefix("environment variable OPSCTL_EXPORTER_LISTEN: invalid listen address 'nowhere'") == true)
    }

    /// The built-in health (pg_up and its collectors) takes its timeout from the file.
    @Test func postgresHealthTimeoutReachesTheBuiltInCollectors() throws {
        let path = try write("exporter:\n  postgres_health_timeout: 10s\n  release_startup_pages: false\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try ExporterSettings.resolve(flags: .init(configPath: path), environment: [:])
        #expect(settings.config.postgresHealthTimeout == .seconds(10))
        #expect(settings.config.releaseStartupPages == false)
        #expect(PostgresHealth.collectors(timeout: settings.config.postgresHealthTimeout).map(\.timeout) == [.seconds(10), .seconds(10), .seconds(10)])
        let defaults = try ExporterSettings.resolve(flags: .init(), environment: [:])
        #expect(defaults.config.postgresHealthTimeout == .seconds(3))
        #expect(defaults.config.releaseStartupPages == true)
    }

    @Test(arguments: [
        ("exporter:\n  collectors:\n    - name: a\n      query: SELECT 1\n      timout: 5s\n      metrics: []\n",
         "5:7: exporter.collectors[0]: unknown key 'timout'"),
        ("exporter:\n  max_connections: 5\n", "2:20: exporter.max_connections: max_connections must be 1 or 2"),
        ("exporter:\n  max_connections: two\n", "2:20: exporter.max_connections: expected an integer, found a string"),
        ("exporter:\n  collectors:\n    - name: a\n      query: SELECT 1\n      timeout: soon\n      metrics: [{name: m, value: v}]\n",
         "5:16: exporter.collectors[0].timeout: invalid duration 'soon'"),
        ("exporter:\n  collectors:\n    - name: a\n      query: SELECT 1\n      metrics:\n        - name: bad-name\n          value: v\n",
         "6:17: exporter.collectors[0].metrics[0].name: 'bad-name' is not a valid metric name"),
        ("exporter:\n  collectors:\n    - name: a\n      query: SELECT 1\n      metrics:\n        - name: m\n          type: histogram\n          value: v\n",
         "7:17: exporter.collectors[0].metrics[0].type: unknown metric type 'histogram'"),
        ("exporter:\n  collectors:\n    - name: a\n      kind: incremental_counter\n      start_query: SELECT 0 AS cursor\n      query: SELECT 1\n      metrics: [{name: m_total, type: counter, value: v}]\n",
         "6:14: exporter.collectors[0].query: an incremental_counter query must use $1"),
        ("exporter:\n  collectors:\n    - name: a\n      query: SELECT 1\n      metrics: [{name: m, value: v}]\n    - name: a\n      query: SELECT 2\n      metrics: [{name: n, value: v}]\n",
         "6:7: exporter.collectors[1]: collector name 'a' is used twice"),
        ("exporter:\n  collectors:\n    - name: a\n      query: SELECT 1\n      metrics: [{name: m, key_labels: [x, x], value: v}]\n",
         "5:17: exporter.collectors[0].metrics[0]: label 'x' is given twice"),
        ("exporter:\n  collectors: {}\n", "2:15: exporter.collectors: expected a list, found a mapping"),
        ("exporter:\n  postgres_health_timeout: 0s\n", "2:28: exporter.postgres_health_timeout: postgres_health_timeout must be more than 0"),
        ("exporter:\n  release_startup_pages: maybe\n", "2:26: exporter.release_startup_pages: expected true or false"),
        ("exporter:\n  collectors:\n    - name: a\n      kind: incremental_counter\n      start_query: SELECT 0 AS cursor\n      query: SELECT $1, $2\n      metrics: [{name: m_total, type: counter, value: v}]\n",
         "6:14: exporter.collectors[0].query: an incremental_counter query must use $1 (the cursor: last id read), $2 (batch size) and $3 (the open gaps"),
        ("exporter:\n  collectors:\n    - name: a\n      kind: incremental_counter\n      start_query: SELECT 0 AS cursor\n      query: SELECT $1, $2, $3\n      late_commit_window: 0s\n      metrics: [{name: m_total, type: counter, value: v}]\n",
         "7:27: exporter.collectors[0].late_commit_window: late_commit_window must be positive"),
        ("exporter:\n  collectors:\n    - name: a\n      kind: incremental_counter\n      start_query: SELECT 0 AS cursor\n      query: SELECT $1, $2, $3\n      max_gaps: -1\n      metrics: [{name: m_total, type: counter, value: v}]\n",
         "7:17: exporter.collectors[0].max_gaps: max_gaps must be 0 or more"),
        ("exporter:\n  collectors:\n    - name: a\n      query: SELECT 1\n      late_commit_window: 1m\n      metrics: [{name: m, value: v}]\n",
         "5:27: exporter.collectors[0].late_commit_window: late_commit_window is only for kind: incremental_counter"),
    ])
    func malformedConfigNamesFileLineColumn(yaml: String, expected: String) throws {
        let path = try write(yaml)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ConfigError.self) {
            try ExporterSettings.resolve(flags: .init(configPath: path), environment: [:])
        }
        #expect(error?.description.hasPrefix("\(path):\(expected)") == true, "got: \(error?.description ?? "no error")")
    }

    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
