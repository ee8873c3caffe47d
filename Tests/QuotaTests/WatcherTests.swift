import Foundation
import Postgres
@testable import Quota
import Testing
import TestSupport

/// The watcher in-process on a private ledger: /metrics and the admission API against
/// totals computed in SQL from the test's own cost table.
@Suite(.serialized) struct WatcherTests {
    static let today = "called_at >= (date_trunc('day', now() AT TIME ZONE 'America/Los_Angeles') AT TIME ZONE 'America/Los_Angeles')"

    /// units and calls per method since the quota day began, unknown methods as "unknown".
    static func expectedByMethod(_ ledger: Ledger) async throws -> (units: [String: Double], calls: [String: Double]) {
        let sql = """
            WITH costs(method, units) AS (VALUES \(TestCosts.valuesList))
            SELECT CASE WHEN c.units IS NULL THEN 'unknown' ELSE c.method END AS k,
                   sum(coalesce(l.quota_units::int, c.units, \(TestCosts.defaultUnits)))::float8 AS u, count(*)::float8 AS n
            FROM \(ledger.table) l LEFT JOIN costs c ON c.method = regexp_replace(l.method, '^users\\.', '')
            WHERE \(today) GROUP BY 1
            """
        return (try await SQL.map(ledger.database.adminURL, sql, keys: ["k"], value: "u"),
                try await SQL.map(ledger.database.adminURL, sql, keys: ["k"], value: "n"))
    }

    static func recentUnits(_ ledger: Ledger, user: String? = nil) async throws -> Int {
        let rows = try await SQL.rows(ledger.database.adminURL, """
            WITH costs(method, units) AS (VALUES \(TestCosts.valuesList))
            SELECT coalesce(sum(coalesce(l.quota_units::int, c.units, 5)), 0)::bigint AS u
            FROM \(ledger.table) l LEFT JOIN costs c ON c.method = regexp_replace(l.method, '^users\\.', '')
            WHERE called_at >= now() - interval '55 seconds' \(user.map { "AND user_id = '\($0)'" } ?? "")
            """)
        return Int(rows.rows.first?.int64("u") ?? -1)
    }

    func checkTotals(partitioned: Bool) async throws {
        let ledger = try await Ledger.create(partitioned: partitioned)
        defer { Task { await ledger.drop() } }
        try await ledger.insert(Scenario.rows())
        // Live traffic the windows hold: 40 batchModify of live-1 (2,000 units), 10 list of live-2.
        typealias LedgerRow = (ago: Double, user: String?, method: String, status: Int, reason: String?, units: Int?)
        var live: [LedgerRow] = []
        for i in 0..<40 { live.append((ago: 5 + Double(i) * 0.25, user: "live-1", method: "users.messages.batchModify", status: 200, reason: nil, units: nil)) }
        for i in 0..<10 { live.append((ago: 8 + Double(i), user: "live-2", method: "users.messages.list", status: 200, reason: nil, units: nil)) }
        try await ledger.insert(live)
        let watcher = try await RunningWatcher.start(ledger: ledger)
        var stopped = false
        defer { if !stopped { Task { await watcher.stop() } } }
        try await watcher.waitFor("source up") { $0.value("opsctl_quota_source_up") == 1 }

        // Rows arriving through the tail, with a late commit: T1 inserts and stays open,
        // T2 inserts and commits, the watcher reads T2, then T1 commits.
        var admin = PostgresConfig(conninfo: ledger.database.adminURL)
        admin.readOnly = false
        let t1 = try PostgresConnection(config: admin)
        let t2 = try PostgresConnection(config: admin)
        _ = try t1.query("BEGIN")
        _ = try t1.query("INSERT INTO \(ledger.table) (user_id, method) VALUES ('live-3', 'users.messages.send')")
        let before = try await watcher.metrics().value("opsctl_quota_calls_total", ["method": "messages.get"]) ?? 0
        _ = try t2.query("INSERT INTO \(ledger.table) (user_id, method) VALUES ('live-3', 'users.messages.get')")
        try await watcher.waitFor("T2 counted") { ($0.value("opsctl_quota_calls_total", ["method": "messages.get"]) ?? 0) == before + 1 }
        _ = try t1.query("COMMIT")
        t1.close(); t2.close()
        try await watcher.waitFor("T1 counted") { $0.value("opsctl_quota_ledger_late_rows_total") == 1 }
        try await ledger.insert((0..<20).map { (ago: Double($0) * 0.1, user: "live-1", method: "users.messages.batchModify", status: 200, reason: nil, units: nil) })

        let expected = try await Self.expectedByMethod(ledger)
        let metrics = try await watcher.waitFor("all rows counted") {
            $0.values("opsctl_quota_calls_total", by: "method") == expected.calls
        }
        #expect(metrics.values("opsctl_quota_units_total", by: "method") == expected.units)
        #expect(metrics.value("opsctl_quota_project_units_today") == expected.units.values.reduce(0, +))
        #expect(metrics.value("opsctl_quota_unknown_method_calls_total") == expected.calls["unknown"])
        #expect(metrics.value("opsctl_quota_ledger_late_rows_total") == 1, "T1 counted once")
        let limited = try await SQL.map(ledger.database.adminURL, """
            SELECT error_reason, count(*)::float8 AS n FROM \(ledger.table) WHERE \(Self.today)
              AND error_reason IN ('rateLimitExceeded', 'userRateLimitExceeded', 'dailyLimitExceeded') GROUP BY 1
            """, keys: ["error_reason"], value: "n")
        let reportedLimited = metrics.values("opsctl_quota_rate_limited_calls_total", by: "reason").filter { $0.value > 0 }
        #expect(reportedLimited == limited)

        let live1 = try await Self.recentUnits(ledger, user: "live-1")
        #expect(live1 == 3_000)
        let project = try await Self.recentUnits(ledger)
        #expect(metrics.value("opsctl_quota_project_units_last_minute") == Double(project))
        #expect(metrics.value("opsctl_quota_top_user_units_last_minute", ["rank": "1", "user": "live-1"]) == 3_000)
        #expect(metrics.value("opsctl_quota_users_above_ratio", ["ratio": "0.5"]) == 1)
        #expect(metrics.value("opsctl_quota_users_above_ratio", ["ratio": "0.8"]) == 0)
        #expect(metrics.value("opsctl_quota_user_utilization_max_ratio") == 0.5)

        let user = try await watcher.admission("/v1/quota/users/live-1")
        #expect(user.status == 200)
        #expect(user.json["units_last_minute"] as? Int == live1)
        #expect(user.json["remaining"] as? Int == 6_000 - live1)
        #expect((user.json["advisory"] as? String)?.hasPrefix("advisory:") == true)
        let fits = try await watcher.admission("/v1/quota/check?user=live-1&units=3000")
        #expect(fits.json["allowed"] as? Bool == true)
        #expect(fits.json["retry_after_seconds"] as? Int == 0)
        let over = try await watcher.admission("/v1/quota/check?user=live-1&units=3001")
        #expect(over.status == 200)
        #expect(over.json["allowed"] as? Bool == false)
        let retry = over.json["retry_after_seconds"] as? Int ?? -1
        #expect((1...60).contains(retry), "retry after the oldest units leave the window: \(retry)")
        #expect((over.json["project_window"] as? [String: Any])?["units"] as? Int == project)
        let never = try await watcher.admission("/v1/quota/check?user=live-1&units=6001")
        #expect(never.json["allowed"] as? Bool == false)
        #expect(never.json["retry_after_seconds"] is NSNull, "more than a minute's limit never fits")

        // A second replica on the same ledger shows the same values.
        let second = try await RunningWatcher.start(ledger: ledger)
        defer { Task { await second.stop() } }
        let other = try await second.waitFor("replica up") { $0.value("opsctl_quota_source_up") == 1 }
        let first = try await watcher.metrics()
        for family in ["opsctl_quota_units_total", "opsctl_quota_calls_total", "opsctl_quota_rate_limited_calls_total",
                       "opsctl_quota_top_user_units_last_minute", "opsctl_quota_users_above_ratio",
                       "opsctl_quota_project_units_today", "opsctl_quota_project_units_last_minute",
                       "opsctl_quota_top_sender_sends_last_24h", "opsctl_quota_unknown_method_calls_total"] {
            #expect(Self.lines(first, family) == Self.lines(other, family), "\(family)")
        }
        await second.stop()
        await watcher.stop()
        stopped = true
    }

    static func lines(_ metrics: ParsedMetrics, _ family: String) -> [String] {
        metrics.text.split(separator: "\n").filter { $0.hasPrefix(family + " ") || $0.hasPrefix(family + "{") }.map(String.init)
    }

    @Test func watcherTotalsEqualIndependentSQLWithLateCommitsAndTwoReplicas() async throws {
        try await checkTotals(partitioned: false)
    }

    @Test func watcherWorksUnchangedOnALedgerPartitionedByDay() async throws {
        try await checkTotals(partitioned: true)
    }

    @Test func malformedAdmissionRequestsGet400WithTheReason() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        let watcher = try await RunningWatcher.start(ledger: ledger)
        defer { Task { await watcher.stop() } }
        let cases: [(String, String)] = [
            ("/v1/quota/check?units=5", "missing query parameter 'user'"),
            ("/v1/quota/check?user=a", "missing query parameter 'units'"),
            ("/v1/quota/check?user=a&units=-1", "query parameter 'units' must be a whole number"),
            ("/v1/quota/check?user=a&units=1e3", "query parameter 'units' must be a whole number"),
            ("/v1/quota/check?user=a&units=99999999999", "query parameter 'units' must be a whole number"),
            ("/v1/quota/check?user=\(String(repeating: "x", count: 400))&units=1", "user id longer than 320 bytes"),
            ("/v1/quota/users/a?units=lots", "query parameter 'units' must be a whole number"),
            ("/v1/quota/check?user=a%0Ab&units=1", "user id holds control characters"),
        ]
        for (path, reason) in cases {
            let answer = try await watcher.admission(path)
            #expect(answer.status == 400, "\(path)")
            #expect((answer.json["error"] as? String)?.hasPrefix(reason) == true, "\(path): \(answer.json)")
        }
        let encoded = try await watcher.admission("/v1/quota/users/someone%40example.com")
        #expect(encoded.status == 200)
        #expect(encoded.json["user"] as? String == "someone@example.com")
    }

    @Test func anomaliesAreCountedAndTotalsStayRight() async throws {
        let ledger = try await Ledger.create(partitioned: true)
        defer { Task { await ledger.drop() } }
        let watcher = try await RunningWatcher.start(ledger: ledger)
        defer { Task { await watcher.stop() } }
        try await watcher.waitFor("source up") { $0.value("opsctl_quota_source_up") == 1 }
        try await ledger.insert([
            (ago: 1, user: nil, method: "users.messages.list", status: 200, reason: nil, units: nil),
            (ago: 1, user: "u", method: "users.messages.zap", status: 200, reason: nil, units: nil),
            (ago: -3_600, user: "u", method: "users.messages.get", status: 200, reason: nil, units: nil),
            (ago: 2, user: "u", method: "users.messages.get", status: 200, reason: nil, units: -4),
        ])
        try await SQL.exec(ledger.database.adminURL, "INSERT INTO \(ledger.table) (user_id, method) VALUES ('u', NULL)")
        // One id twice (the partitioned key is (id, called_at)): an hour ago and now.
        try await SQL.exec(ledger.database.adminURL, """
            INSERT INTO \(ledger.table) (id, called_at, user_id, method)
            SELECT 900000, now() - x * interval '1 hour', 'dup', 'users.labels.list' FROM generate_series(0, 1) x
            """)
        let hourAgoToday = try await SQL.rows(ledger.database.adminURL,
            "SELECT (now() - interval '1 hour' >= (date_trunc('day', now() AT TIME ZONE 'America/Los_Angeles') AT TIME ZONE 'America/Los_Angeles'))::text AS b").rows.first?.string("b") == "true"
        let rowsToday: Double = hourAgoToday ? 7 : 6
        let metrics = try await watcher.waitFor("all rows") { ($0.values("opsctl_quota_calls_total", by: "method").values.reduce(0, +)) == rowsToday }
        #expect(metrics.value("opsctl_quota_ledger_anomalies_total", ["kind": "duplicate_id"]) == 1)
        #expect(metrics.value("opsctl_quota_ledger_anomalies_total", ["kind": "null_user"]) == 1)
        #expect(metrics.value("opsctl_quota_ledger_anomalies_total", ["kind": "null_method"]) == 1)
        #expect(metrics.value("opsctl_quota_ledger_anomalies_total", ["kind": "future_timestamp"]) == 1)
        #expect(metrics.value("opsctl_quota_ledger_anomalies_total", ["kind": "negative_quota_units"]) == 1)
        #expect(metrics.value("opsctl_quota_unknown_method_calls_total") == 2, "zap and NULL")
        // list 5 + zap 5 (default) + future get 5 + negative units as 0 + NULL method 5 (default)
        // + the two labels.list rows 1 each (one of them an hour ago, so outside the minute;
        // today's units hold it unless the quota day began within the hour).
        #expect(metrics.value("opsctl_quota_project_units_today") == (hourAgoToday ? 22 : 21))
        #expect(metrics.value("opsctl_quota_project_units_last_minute") == 21)
    }

    @Test func databaseDownKeepsServingThenCatchesUpFromTheCursor() async throws {
        let cluster = try TestCluster.start()
        defer { cluster.stop() }
        let ledger = try await Ledger.create(database: cluster.database)
        try await ledger.insert((0..<10).map { (ago: Double($0), user: "d", method: "users.messages.list", status: 200, reason: nil, units: nil) })
        let watcher = try await RunningWatcher.start(ledger: ledger)
        defer { Task { await watcher.stop() } }
        try await watcher.waitFor("rebuilt") { $0.value("opsctl_quota_calls_total", ["method": "messages.list"]) == 10 }
        try cluster.stopServer()
        let down = try await watcher.waitFor("source down") { $0.value("opsctl_quota_source_up") == 0 }
        #expect(down.value("opsctl_quota_calls_total", ["method": "messages.list"]) == 10, "keeps its windows")
        let admission = try await watcher.admission("/v1/quota/check?user=d&units=10")
        #expect(admission.status == 200)
        #expect(admission.json["source_up"] as? Bool == false)
        #expect(admission.json["allowed"] as? Bool == true)
        try cluster.startServer()
        try await ledger.insert((0..<7).map { (ago: Double($0), user: "d", method: "users.messages.get", status: 200, reason: nil, units: nil) })
        let back = try await watcher.waitFor("caught up", seconds: 30) { $0.value("opsctl_quota_calls_total", ["method": "messages.get"]) == 7 }
        #expect(back.value("opsctl_quota_source_up") == 1)
        #expect(back.value("opsctl_quota_calls_total", ["method": "messages.list"]) == 10, "nothing counted twice")
        #expect((back.value("opsctl_quota_ledger_read_errors_total") ?? 0) >= 1)
        #expect(!back.text.contains(ledger.database.adminURL) && !back.text.contains("reader-"), "no secret in metrics")
    }

    @Test func pseudonymizedUsersNeverShowTheirIds() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        try await ledger.insert([(ago: 1, user: "alice@example.com", method: "users.messages.send", status: 200, reason: nil, units: nil)])
        let watcher = try await RunningWatcher.start(ledger: ledger, environment: ["OPSCTL_QUOTA_PSEUDONYM_KEY": "a-test-key-of-32-bytes-0123456789"])
        defer { Task { await watcher.stop() } }
        let metrics = try await watcher.waitFor("the send") { $0.value("opsctl_quota_sends_max_last_24h") == 1 }
        #expect(!metrics.text.contains("alice"))
        let label = Pseudonym(key: Array("a-test-key-of-32-bytes-0123456789".utf8)).label(for: "alice@example.com")
        #expect(label.count == 16)
        #expect(metrics.value("opsctl_quota_top_user_units_last_minute", ["rank": "1", "user": label]) == 100)
        #expect(metrics.value("opsctl_quota_top_sender_sends_last_24h", ["rank": "1", "user": label]) == 1)
    }

    @Test func hmacSHA256MatchesRFC4231() {
        let mac = HMACSHA256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(SHA256.hash([]).map { String(format: "%02x", $0) }.joined() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = SHA256.hash(Array(String(repeating: "a", count: 1_000).utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(long == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func windowsSlideAndInactiveUsersAreDropped() {
        var windows = UsageWindows(costs: CostTable(), limits: QuotaLimits(), now: 1_000_000)
        for user in 0..<100 {
            windows.ingest(.init(id: Int64(user), time: 1_000_000 - 30, user: "u\(user)", method: "users.messages.get",
                                 statusCode: 200, errorReason: nil, quotaUnits: nil), now: 1_000_000)
        }
        #expect(windows.userUnits("u1", at: 1_000_000) == 5)
        #expect(windows.userUnits("u1", at: 1_000_029) == 5)
        #expect(windows.userUnits("u1", at: 1_000_030) == 0, "60 s after the call it has left the window")
        windows.prune(at: 1_000_000)
        #expect(windows.users.count == 100)
        windows.prune(at: 1_000_031)
        #expect(windows.users.isEmpty, "memory follows active users")
        var buckets = SecondBuckets()
        buckets.add(100, at: 10); buckets.add(50, at: 40)
        #expect(buckets.secondsUntilFreed(120, at: 45) == 55, "the 50 at second 40 leaves at 100")
        #expect(buckets.secondsUntilFreed(80, at: 45) == 25)
        #expect(buckets.secondsUntilFreed(200, at: 45) == nil)
    }
}
