import Foundation
import Testing
@testable import Exporter
import OpsCore
import Postgres
import TestSupport

@Suite(.serialized) struct BehaviourTests {
    /// Rows inserted after start are added to the running totals, and only they.
    @Test func incrementalCountersPickUpNewRows() async throws {
        let database = try TestDatabase.shared()
        let method = "test.insert.\(UUID().uuidString.prefix(8))"
        let exporter = try await RunningExporter.start(databaseURL: database.url)
        defer { Task { await exporter.stop() } }
        let before = ParsedMetrics(try await exporter.get("/metrics").body)
        #expect(before.value("gmail_api_calls_total", ["method": method]) == nil)
        let baseline = before.samples["gmail_api_calls_total"]?.reduce(0) { $0 + $1.value } ?? -1

        try await SQL.exec(database.adminURL, """
            INSERT INTO gmail_api_calls (user_id, method, status_code, error_reason, latency_ms)
            SELECT 'user-test', '\(method)', CASE WHEN g % 4 = 0 THEN 429 ELSE 200 END,
                   CASE WHEN g % 4 = 0 THEN 'rateLimitExceeded' END, 1500
            FROM generate_series(1, 40) g
            """)
        let after = ParsedMetrics(try await exporter.get("/metrics").body)
        #expect(after.value("gmail_api_calls_total", ["method": method, "code": "200"]) == 30)
        #expect(after.value("gmail_api_calls_total", ["method": method, "code": "429"]) == 10)
        #expect(after.value("gmail_api_errors_total", ["method": method, "error_reason": "rateLimitExceeded"]) == 10)
        #expect(after.value("gmail_api_call_latency_seconds_total", ["method": method]) == 60)
        #expect(after.value("gmail_api_slow_calls_total", ["method": method]) == 40)
        // Nothing else was counted twice: the total grew by exactly the new rows (and any
        // rows other tests inserted meanwhile, which the ledger shows).
        let total = after.samples["gmail_api_calls_total"]?.reduce(0) { $0 + $1.value } ?? -1
        let insertedSince = try await SQL.rows(database.adminURL,
            "SELECT count(*) AS n FROM gmail_api_calls WHERE user_id = 'user-test' AND method LIKE 'test.insert.%' AND method = '\(method)'")
        #expect(total - baseline == insertedSince.rows.first?.double("n"))

        // A scrape with no new rows changes nothing.
        let again = ParsedMetrics(try await exporter.get("/metrics").body)
        #expect(again.value("gmail_api_calls_total", ["method": method, "code": "200"]) == 30)
    }

    /// A query slower than its timeout fails alone; the scrape returns within the timeout.
    @Test func slowCollectorFailsAloneWithinItsTimeout() async throws {
        let database = try TestDatabase.shared()
        let yaml = """
            exporter:
              collectors:
                - name: slow
                  query: SELECT pg_sleep(10) AS slept, 1 AS v
                  timeout: 1s
                  metrics: [{name: test_slow, value: v}]
                - name: fast
                  query: SELECT count(*) AS v FROM jobs WHERE status = 'queued'
                  timeout: 5s
                  metrics: [{name: test_fast, value: v}]
            """
        let exporter = try await RunningExporter.start(yaml: yaml, databaseURL: database.url)
        let clock = ContinuousClock()
        let started = clock.now
        let response = try await exporter.get("/metrics")
        let elapsed = clock.now - started
        await exporter.stop()
        #expect(response.status == 200)
        #expect(elapsed < .milliseconds(2500), "scrape took \(elapsed)")
        let metrics = ParsedMetrics(response.body)
        #expect(metrics.value("opsctl_exporter_collector_success", ["collector": "slow"]) == 0)
        #expect(metrics.value("opsctl_exporter_collector_success", ["collector": "fast"]) == 1)
        #expect(metrics.value("test_slow") == nil)
        let queued = try await SQL.rows(database.adminURL, "SELECT count(*) AS n FROM jobs WHERE status = 'queued'")
        #expect(metrics.value("test_fast") == queued.rows.first?.double("n"))
        #expect(metrics.value("pg_up") == 1)
    }

    /// Concurrent scrapes share one collection.
    @Test func concurrentScrapesShareOneCollection() async throws {
        let database = try TestDatabase.shared()
        let yaml = """
            exporter:
              postgres_health: false
              collectors:
                - name: slowish
                  query: SELECT pg_sleep(0.5) AS slept, 1 AS v
                  metrics: [{name: test_slowish, value: v}]
            """
        let exporter = try await RunningExporter.start(yaml: yaml, databaseURL: database.url)
        let counts = try await withThrowingTaskGroup(of: Double?.self) { group in
            for _ in 0..<8 {
                group.addTask { ParsedMetrics(try await exporter.get("/metrics").body).value("opsctl_exporter_collections_total") }
            }
            return try await group.reduce(into: [Double?]()) { $0.append($1) }
        }
        await exporter.stop()
        #expect(counts.count == 8)
        #expect(Set(counts.compactMap { $0 }).count <= 2, "collections seen: \(counts)")
        #expect((counts.compactMap { $0 }.max() ?? 99) <= 2)
    }

    /// Database down at start: /metrics is 200 with pg_up 0 and failed collectors; after the
    /// database comes back the next scrapes recover without a restart.
    @Test func databaseDownAtStartThenRecovers() async throws {
        let cluster = try TestCluster.start()
        defer { cluster.stop() }
        try cluster.stopServer()
        let exporter = try await RunningExporter.start(databaseURL: cluster.database.url)
        let down = try await exporter.get("/metrics")
        #expect(down.status == 200)
        let downMetrics = ParsedMetrics(down.body)
        #expect(downMetrics.value("pg_up") == 0)
        #expect(downMetrics.value("opsctl_exporter_collector_success", ["collector": "jobs_active"]) == 0)
        #expect(downMetrics.value("opsctl_exporter_collector_success", ["collector": "gmail_api_calls"]) == 0)
        #expect(!down.body.contains(cluster.database.url.split(separator: ":")[2].split(separator: "@")[0]), "password leaked")

        try cluster.startServer()
        var recovered: ParsedMetrics?
        for _ in 0..<40 {
            let metrics = ParsedMetrics(try await exporter.get("/metrics").body)
            if metrics.value("pg_up") == 1 { recovered = metrics; break }
            try await Task.sleep(for: .milliseconds(250))
        }
        await exporter.stop()
        let metrics = try #require(recovered, "pg_up never returned to 1")
        #expect(metrics.value("opsctl_exporter_collector_success", ["collector": "jobs_active"]) == 1)
        #expect(metrics.value("opsctl_exporter_collector_success", ["collector": "gmail_api_calls"]) == 1)
    }

    /// 1,000 scrapes in a row over HTTP: the exporter's database sessions never exceed 2 and
    /// resident memory stays flat.
    @Test func thousandScrapesStayWithinTwoConnectionsAndFlatMemory() async throws {
        let database = try TestDatabase.shared()
        let exporter = try await RunningExporter.start(databaseURL: database.url)
        let watcher = PostgresPool(config: PostgresConfig(conninfo: database.adminURL), maxConnections: 1)
        var maxSessions = 0.0
        var rssAfterWarmup = 0.0
        var rssAtEnd = 0.0
        for scrape in 1...1000 {
            let response = try await exporter.get("/metrics")
            #expect(response.status == 200)
            if scrape % 25 == 0 {
                let sessions = try await watcher.query(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1", [exporter.applicationName],
                    timeout: .seconds(5))
                maxSessions = max(maxSessions, sessions.rows.first?.double("n") ?? 0)
            }
            if scrape == 100 { rssAfterWarmup = ProcessMetrics.residentMemoryBytes() ?? 0 }
            if scrape == 1000 {
                rssAtEnd = ProcessMetrics.residentMemoryBytes() ?? 0
                #expect(ParsedMetrics(response.body).value("pg_up") == 1)
            }
        }
        await watcher.close()
        await exporter.stop()
        #expect(maxSessions >= 1 && maxSessions <= 2, "sessions: \(maxSessions)")
        // The test process hosts the exporter; allow 16 MiB of drift over 900 scrapes.
        #expect(rssAtEnd - rssAfterWarmup < 16 * 1024 * 1024, "RSS grew from \(rssAfterWarmup) to \(rssAtEnd)")
    }

    @Test func healthzAndLandingPage() async throws {
        let database = try TestDatabase.shared()
        let exporter = try await RunningExporter.start(databaseURL: database.url)
        let health = try await exporter.get("/healthz")
        let landing = try await exporter.get("/")
        let openMetrics = try await exporter.get("/metrics", accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
        await exporter.stop()
        #expect(health.status == 200 && health.body == "ok\n")
        #expect(landing.status == 200 && landing.body.contains("href=\"/metrics\"") && landing.body.contains("gmail_api_calls"))
        #expect(openMetrics.contentType.hasPrefix("application/openmetrics-text; version=1.0.0"))
        #expect(openMetrics.body.hasSuffix("# EOF\n"))
        #expect(openMetrics.body.contains("# TYPE gmail_api_calls counter\n"))
    }
}
