import Foundation
import Testing
@testable import Exporter
import OpsCore
import Postgres
import TestSupport

/// The default collectors on the seeded reference schema, each compared with a direct SQL
/// count written independently of the collector's query.
@Suite(.serialized) struct DefaultCollectorsTests {
    @Test func defaultCollectorsMatchDirectSQL() async throws {
        let database = try TestDatabase.shared()
        let exporter = try await RunningExporter.start(databaseURL: database.url)
        let response = try await exporter.get("/metrics")
        await exporter.stop()
        #expect(response.status == 200)
        #expect(response.contentType.hasPrefix("text/plain; version=0.0.4"))
        let metrics = ParsedMetrics(response.body)
        let admin = database.adminURL

        #expect(metrics.value("pg_up") == 1)
        for collector in ["jobs_active", "jobs_stuck", "jobs_queued_per_user", "jobs_failed_recent", "cleanup_runs_recent",
                          "cleanup_runs_running", "gmail_api_calls", "integrations", "tokens_expiring", "pg_stat_activity",
                          "pg_database_size", "pg_settings"] {
            #expect(metrics.value("opsctl_exporter_collector_success", ["collector": collector]) == 1, "\(collector)")
        }

        let queue = try await SQL.map(admin, "SELECT kind, status, count(*) AS n FROM jobs WHERE status = 'queued' OR status = 'processing' GROUP BY 1, 2",
                                      keys: ["kind", "status"], value: "n")
        #expect(!queue.isEmpty)
        #expect(metrics.values("gmailsvc_jobs", by: ["kind", "status"]) == queue)

        let stuck = try await SQL.map(admin, """
            SELECT kind, sum(CASE WHEN updated_at < now() - interval '15 minutes' THEN 1 ELSE 0 END) AS n
            FROM jobs WHERE status = 'processing' GROUP BY kind
            """, keys: ["kind"], value: "n")
        #expect(metrics.values("gmailsvc_jobs_stuck", by: ["kind"]) == stuck)

        // Ages move with now(): compare within a few seconds.
        let oldest = try await SQL.map(admin, """
            SELECT kind, status, extract(epoch FROM now() - min(created_at)) AS age
            FROM jobs WHERE status IN ('queued', 'processing') GROUP BY 1, 2
            """, keys: ["kind", "status"], value: "age")
        let exportedAges = metrics.values("gmailsvc_jobs_oldest_age_seconds", by: ["kind", "status"])
        #expect(Set(exportedAges.keys) == Set(oldest.keys))
        for (key, age) in oldest { #expect(abs((exportedAges[key] ?? -1) - age) < 30, "\(key)") }

        let failed = try await SQL.map(admin, """
            SELECT kind, count(*) AS n FROM jobs WHERE status = 'failed' AND updated_at > now() - interval '1 hour' GROUP BY kind
            """, keys: ["kind"], value: "n")
        #expect(metrics.values("gmailsvc_jobs_failed_last_hour", by: ["kind"]) == failed)

        let finished = try await SQL.map(admin, """
            SELECT kind, status, count(*) AS n FROM jobs
            WHERE status IN ('done', 'failed') AND updated_at > now() - interval '1 hour' GROUP BY 1, 2
            """, keys: ["kind", "status"], value: "n")
        #expect(metrics.values("gmailsvc_jobs_finished_last_hour", by: ["kind", "status"]) == finished)

        let perUser = try await SQL.map(admin, """
            SELECT kind, max(n) AS n FROM (SELECT kind, user_id, count(*) AS n FROM jobs WHERE status = 'queued' GROUP BY 1, 2) AS q
            GROUP BY kind
            """, keys: ["kind"], value: "n")
        #expect(!perUser.isEmpty)
        #expect(metrics.values("gmailsvc_jobs_queued_user_max", by: ["kind"]) == perUser)

        let runs = try await SQL.map(admin, """
            SELECT policy, status, count(*) AS n FROM cleanup_runs WHERE started_at > now() - interval '1 hour' GROUP BY 1, 2
            """, keys: ["policy", "status"], value: "n")
        #expect(metrics.values("gmailsvc_cleanup_runs_last_hour", by: ["policy", "status"]) == runs)
        let deleted = try await SQL.map(admin, """
            SELECT policy, status, sum(deleted) AS n FROM cleanup_runs WHERE started_at > now() - interval '1 hour' GROUP BY 1, 2
            """, keys: ["policy", "status"], value: "n")
        #expect(metrics.values("gmailsvc_cleanup_actions_last_hour", by: ["policy", "status"], where: ["action": "deleted"]) == deleted)
        let running = try await SQL.map(admin, """
            SELECT policy, count(*) AS n FROM cleanup_runs WHERE status = 'running' GROUP BY policy
            """, keys: ["policy"], value: "n")
        #expect(!running.isEmpty)
        #expect(metrics.values("gmailsvc_cleanup_runs_running", by: ["policy"]) == running)

        let integrations = try await SQL.map(admin, "SELECT provider, status, count(*) AS n FROM user_integrations GROUP BY 1, 2",
                                             keys: ["provider", "status"], value: "n")
        #expect(metrics.values("gmailsvc_integrations", by: ["provider", "status"]) == integrations)

        let expiring = try await SQL.map(admin, """
            SELECT provider, count(*) AS n FROM user_integrations
            WHERE status = 'active' AND token_expires_at BETWEEN now() AND now() + interval '24 hours' GROUP BY provider
            """, keys: ["provider"], value: "n")
        #expect(metrics.values("gmailsvc_tokens_expiring_24h", by: ["provider"]) == expiring)

        let sizes = try await SQL.map(admin, "SELECT datname, pg_database_size(datname) AS n FROM pg_database",
                                      keys: ["datname"], value: "n")
        let exportedSizes = metrics.values("pg_database_size_bytes", by: ["datname"])
        #expect(Set(exportedSizes.keys) == Set(sizes.keys))
        for (name, size) in sizes { #expect(abs((exportedSizes[name] ?? 0) - size) < size * 0.05, "\(name)") }

        let maxConnections = try await SQL.map(admin, "SELECT setting AS n FROM pg_settings WHERE name = 'max_connections'",
                                               keys: [], value: "n")
        #expect(metrics.value("pg_settings_max_connections") == maxConnections[""])
        #expect(metrics.samples["pg_settings_max_connections"]?.first?.labels.isEmpty == true)

        // The exporter's own session shows up in pg_stat_activity_count.
        #expect((metrics.value("pg_stat_activity_count", ["datname": "gmailsvc", "state": "active"]) ?? 0) >= 1)
        #expect(metrics.value("opsctl_exporter_build_info", ["version": "test"]) == 1)
        #expect((metrics.value("process_resident_memory_bytes") ?? 0) > 0)
        #expect(metrics.samples["gmail_api_calls_total"]?.isEmpty == false)
    }

    /// The job numbers an on-call engineer alerts on, on rows this test writes under its own
    /// kind: the largest per-user queue (not the total, and no user label), and the jobs
    /// finished in the last hour by final status (older ones and live ones left out).
    @Test func perUserBacklogAndFinishedJobsCountOnlyWhatTheySay() async throws {
        let database = try TestDatabase.shared()
        let kind = "t\(UUID().uuidString.prefix(8).lowercased())"
        try await SQL.exec(database.adminURL, """
            INSERT INTO jobs (user_id, kind, status, created_at, updated_at) VALUES
              ('u1', '\(kind)', 'queued', now(), now()), ('u1', '\(kind)', 'queued', now(), now()),
              ('u1', '\(kind)', 'queued', now(), now()), ('u2', '\(kind)', 'queued', now(), now()),
              ('u2', '\(kind)', 'processing', now(), now()), ('u2', '\(kind)', 'processing', now(), now()),
              ('u2', '\(kind)', 'processing', now(), now()), ('u2', '\(kind)', 'processing', now(), now()),
              ('u3', '\(kind)', 'done', now() - interval '2 hours', now() - interval '10 minutes'),
              ('u3', '\(kind)', 'done', now() - interval '2 hours', now() - interval '50 minutes'),
              ('u3', '\(kind)', 'failed', now() - interval '2 hours', now() - interval '5 minutes'),
              ('u3', '\(kind)', 'failed', now() - interval '3 hours', now() - interval '2 hours')
            """)
        let exporter = try await RunningExporter.start(databaseURL: database.url)
        let response = try await exporter.get("/metrics")
        await exporter.stop()
        try await SQL.exec(database.adminURL, "DELETE FROM jobs WHERE kind = '\(kind)'")
        let metrics = ParsedMetrics(response.body)

        // u1 has 3 queued; u2 has 1 queued and 4 processing (not queued).
        #expect(metrics.value("gmailsvc_jobs_queued_user_max", ["kind": kind]) == 3)
        #expect(metrics.samples["gmailsvc_jobs_queued_user_max"]?.allSatisfy { $0.labels.keys.sorted() == ["kind"] } == true)
        #expect(metrics.value("gmailsvc_jobs", ["kind": kind, "status": "queued"]) == 4)
        // The failure 2 hours ago is outside the hour.
        #expect(metrics.value("gmailsvc_jobs_finished_last_hour", ["kind": kind, "status": "done"]) == 2)
        #expect(metrics.value("gmailsvc_jobs_finished_last_hour", ["kind": kind, "status": "failed"]) == 1)
        #expect(metrics.value("gmailsvc_jobs_failed_last_hour", ["kind": kind]) == 1)
        #expect(metrics.values("gmailsvc_jobs_finished_last_hour", by: ["status"], where: ["kind": kind]).count == 2)
    }

    /// Every default query can be answered from an index range: with sequential scans
    /// disabled, the plan has no Seq Scan on a service table (integrations excepted, documented).
    @Test func defaultQueriesAreBoundedByIndexes() async throws {
        let database = try TestDatabase.shared()
        let config = try ExporterConfig(file: ConfigFile.parse(yaml: DefaultConfig.yaml, source: DefaultConfig.source))
        var statements: [(String, String, [String?])] = []
        for collector in config.collectors where collector.name != "integrations" {
            let params: [String?] = collector.kind == .incrementalCounter ? ["1000", "50000", "{1,2,3}"] : []
            statements.append((collector.name, collector.query, params))
            if let start = collector.startQuery { statements.append((collector.name + ".start", start, [])) }
            if let seed = collector.seedQuery { statements.append((collector.name + ".seed", seed, [])) }
        }
        // One connection, so the session setting holds for every EXPLAIN.
        let pool = PostgresPool(config: PostgresConfig(conninfo: database.adminURL), maxConnections: 1)
        for (name, sql, params) in statements {
            _ = try await pool.query("SET enable_seqscan = off", [], timeout: .seconds(5))
            let result = try await pool.query("EXPLAIN " + sql, params, timeout: .seconds(5))
            let plan = result.rows.compactMap { $0[0] }.joined(separator: "\n")
            for table in ["jobs", "cleanup_runs", "gmail_api_calls", "user_integrations"] {
                #expect(!plan.contains("Seq Scan on \(table)"), "\(name) scans \(table):\n\(plan)")
            }
        }
        await pool.close()
    }
}
