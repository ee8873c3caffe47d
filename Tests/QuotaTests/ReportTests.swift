import Foundation
import OpsCore
import Quota
import Testing
import TestSupport

/// `opsctl quota` (the real binary) on a private ledger, against totals computed in SQL from
/// a cost table the test writes out itself.
@Suite(.serialized) struct ReportTests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        #expect(FileManager.default.isExecutableFile(atPath: opsctlBinary), "build the opsctl product first: swift build")
        let prefix = environment.isEmpty ? [] : ["/usr/bin/env"] + environment.map { "\($0.key)=\($0.value)" }
        return try spawnAndWait(prefix + [opsctlBinary] + arguments)
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw TestDatabaseError(message: "not a JSON object: \(text.prefix(200))")
        }
        return object
    }

    func checkTotals(partitioned: Bool) async throws {
        let ledger = try await Ledger.create(partitioned: partitioned)
        defer { Task { await ledger.drop() } }
        try await ledger.insert(Scenario.rows())
        let config = try ledger.configFile()
        defer { try? FileManager.default.removeItem(atPath: config) }
        let database = ledger.database

        let result = try Self.run(["quota", "--config", config, "--database-url", database.url,
                                   "--window", "1h", "--top", "100", "--output", "json"])
        #expect(result.status == 1, "THROTTLED exits 1: \(result.output.prefix(300))")
        let report = try Self.json(result.output)
        #expect(report["verdict"] as? String == "THROTTLED")
        #expect(report["window_seconds"] as? Int == 3600)

        let byMethod = try await ledger.expectedUnits(groupBy: "regexp_replace(l.method, '^users\\.', '')", since: 3600)
        let byUser = try await ledger.expectedUnits(groupBy: "l.user_id", since: 3600)
        let total = byMethod.values.reduce(0, +)
        let project = try #require(report["project"] as? [String: Any])
        #expect(project["units"] as? Int == Int(total))
        #expect(total > 10_000, "the scenario has its burst: \(total)")

        let methods = try #require(report["methods"] as? [[String: Any]])
        var reported: [String: Double] = [:]
        for method in methods {
            let name = (method["method"] as? String ?? "").replacingOccurrences(of: "users.", with: "", options: .anchored)
            reported[name, default: 0] += Double(method["units"] as? Int ?? -1)
        }
        #expect(reported == byMethod)

        let users = try #require(report["users"] as? [[String: Any]])
        var reportedUsers: [String: Double] = [:]
        for user in users { reportedUsers[user["user"] as? String ?? "?"] = Double(user["units"] as? Int ?? -1) }
        var expectedUsers = byUser
        expectedUsers["(null)"] = nil
        #expect(reportedUsers == expectedUsers)
        #expect(users.first?["user"] as? String == Scenario.heavyUser)
        let peak = try await SQL.rows(database.adminURL, """
            WITH costs(method, units) AS (VALUES \(TestCosts.valuesList))
            SELECT max(u)::int AS peak FROM (
              SELECT date_trunc('minute', called_at), sum(coalesce(quota_units::int, c.units, 5)) AS u
              FROM \(ledger.table) l LEFT JOIN costs c ON c.method = regexp_replace(l.method, '^users\\.', '')
              WHERE user_id = '\(Scenario.heavyUser)' GROUP BY 1) m
            """).rows.first?.int64("peak")
        #expect((users.first?["peak_units_per_minute"] as? Int).map(Int64.init) == peak)

        // Every clock minute's calls and units (the sparkline's data) against SQL.
        let minutes = try #require(report["minutes"] as? [[String: Any]])
        var expectedMinutes: [String: String] = [:]
        for row in try await SQL.rows(database.adminURL, """
            WITH costs(method, units) AS (VALUES \(TestCosts.valuesList))
            SELECT extract(epoch FROM date_trunc('minute', called_at))::bigint::text AS m,
                   count(*) || ' ' || sum(coalesce(quota_units::int, c.units, 5)) AS v
            FROM \(ledger.table) l LEFT JOIN costs c ON c.method = regexp_replace(l.method, '^users\\.', '')
            WHERE called_at >= now() - interval '3600 seconds' GROUP BY 1
            """).rows {
            expectedMinutes[row.string("m") ?? "?"] = row.string("v")
        }
        var reportedMinutes: [String: String] = [:]
        for minute in minutes {
            reportedMinutes[String(minute["start"] as? Int ?? -1)] = "\(minute["calls"] as? Int ?? -1) \(minute["units"] as? Int ?? -1)"
        }
        #expect(reportedMinutes == expectedMinutes)
        #expect(minutes.map { $0["start"] as? Int ?? 0 } == minutes.map { $0["start"] as? Int ?? 0 }.sorted(), "oldest first")

        let limited = try #require(report["rate_limited"] as? [[String: Any]])
        let expectedLimited = try await SQL.map(database.adminURL, """
            SELECT error_reason, count(*)::float8 AS n FROM \(ledger.table)
            WHERE error_reason IN ('rateLimitExceeded', 'userRateLimitExceeded', 'dailyLimitExceeded') GROUP BY 1
            """, keys: ["error_reason"], value: "n")
        var reportedLimited: [String: Double] = [:]
        for reason in limited { reportedLimited[reason["reason"] as? String ?? "?"] = Double(reason["count"] as? Int ?? -1) }
        #expect(reportedLimited == expectedLimited)
        #expect(expectedLimited["userRateLimitExceeded"] == 12)

        let unknown = try #require(report["unknown_methods"] as? [[String: Any]])
        #expect(unknown.map { $0["method"] as? String } == ["users.messages.frobnicate"])
        #expect(unknown.first?["calls"] as? Int == 30)
        #expect(report["calls_without_user"] as? Int == 4)

        let sends = try await SQL.map(database.adminURL, """
            SELECT user_id, count(*)::float8 AS n FROM \(ledger.table)
            WHERE method IN ('users.messages.send', 'users.drafts.send') AND status_code BETWEEN 200 AND 299 AND user_id IS NOT NULL
            GROUP BY 1
            """, keys: ["user_id"], value: "n")
        var reportedSends: [String: Double] = [:]
        for sender in try #require(report["senders"] as? [[String: Any]]) {
            reportedSends[sender["user"] as? String ?? "?"] = Double(sender["sent"] as? Int ?? -1)
        }
        #expect(reportedSends == sends)

        let today = try await SQL.rows(database.adminURL, """
            WITH costs(method, units) AS (VALUES \(TestCosts.valuesList))
            SELECT coalesce(sum(coalesce(quota_units::int, c.units, 5)), 0)::bigint AS u
            FROM \(ledger.table) l LEFT JOIN costs c ON c.method = regexp_replace(l.method, '^users\\.', '')
            WHERE called_at >= (date_trunc('day', now() AT TIME ZONE 'America/Los_Angeles') AT TIME ZONE 'America/Los_Angeles')
            """).rows.first?.int64("u")
        #expect((project["units_today"] as? Int).map(Int64.init) == today)
    }

    @Test func reportTotalsEqualIndependentSQL() async throws {
        try await checkTotals(partitioned: false)
    }

    @Test func reportWorksUnchangedOnALedgerPartitionedByDay() async throws {
        try await checkTotals(partitioned: true)
    }

    /// The top users are the highest peaks as numbers (a peak of 1,000 above one of 95, which
    /// the text of the numbers orders the other way), and each throttling reason counts all its
    /// calls while it lists only the top N users.
    @Test func topUsersAreTheHighestPeaksAndThrottlingCountsEveryCall() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        var rows: [(ago: Double, user: String?, method: String, status: Int, reason: String?, units: Int?)] = [
            (ago: 300, user: "big", method: "users.messages.list", status: 200, reason: nil, units: 1000),
            (ago: 400, user: "small", method: "users.messages.list", status: 200, reason: nil, units: 95),
            (ago: 500, user: "mid-2", method: "users.messages.list", status: 200, reason: nil, units: 200),
            (ago: 600, user: "mid-4", method: "users.messages.list", status: 200, reason: nil, units: 400),
        ]
        for (user, count) in [("big", 3), ("small", 2), ("mid-2", 1)] {
            for i in 0..<count {
                rows.append((ago: 1800 + Double(i), user: user, method: "users.messages.list", status: 429,
                             reason: "rateLimitExceeded", units: nil))
            }
        }
        try await ledger.insert(rows)
        let config = try ledger.configFile()
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = try Self.run(["quota", "--config", config, "--database-url", ledger.database.url,
                                   "--top", "2", "--output", "json"])
        #expect(result.status == 1, "THROTTLED: \(result.output.prefix(300))")
        let report = try Self.json(result.output)
        let users = try #require(report["users"] as? [[String: Any]])
        #expect(users.map { $0["user"] as? String } == ["big", "mid-4"])
        #expect(users.map { $0["peak_units_per_minute"] as? Int } == [1000, 400])
        #expect(report["active_users"] as? Int == 4)
        let limited = try #require(report["rate_limited"] as? [[String: Any]])
        #expect(limited.count == 1)
        #expect(limited.first?["reason"] as? String == "rateLimitExceeded")
        #expect(limited.first?["count"] as? Int == 6, "every refusal counts, not only the listed users'")
        let listed = try #require(limited.first?["users"] as? [[String: Any]])
        #expect(listed.map { $0["user"] as? String } == ["big", "small"])
        #expect(listed.map { $0["count"] as? Int } == [3, 2])
    }

    @Test func quietLedgerIsOKAndExitsZeroWithoutColourWhenPiped() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        try await ledger.insert((0..<20).map { (ago: Double(30 + $0 * 60), user: "u\($0 % 3)", method: "users.messages.list", status: 200, reason: nil, units: nil) })
        let config = try ledger.configFile()
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = try Self.run(["quota", "--config", config, "--database-url", ledger.database.url])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("OK  "), "\(result.output.prefix(200))")
        #expect(result.output.contains("users.messages.list"))
        #expect(!result.output.contains("\u{1B}["), "no colour when piped")
    }

    @Test func oneUserNearTheLimitIsNearLimitAndExitsOne() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        // 100 batchModify = 5,000 units within 20 s of one clock minute: 83% of 6,000 per minute.
        try await SQL.exec(ledger.database.adminURL, """
            INSERT INTO \(ledger.table) (called_at, user_id, method)
            SELECT date_trunc('minute', now()) - interval '3 minutes' + g * interval '200 milliseconds', 'bulk', 'users.messages.batchModify'
            FROM generate_series(0, 99) g
            """)
        let config = try ledger.configFile()
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = try Self.run(["quota", "--config", config, "--database-url", ledger.database.url, "--window", "5m"])
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("NEAR LIMIT  user bulk peaked at"), "\(result.output.prefix(300))")
        // The same ledger under the legacy profile (15,000 per user per minute) is OK.
        let legacy = try ledger.configFile(extra: "  limits:\n    profile: legacy\n")
        defer { try? FileManager.default.removeItem(atPath: legacy) }
        let relaxed = try Self.run(["quota", "--config", legacy, "--database-url", ledger.database.url, "--window", "5m", "--output", "json"])
        #expect(relaxed.status == 0)
        let report = try Self.json(relaxed.output)
        #expect(report["verdict"] as? String == "OK")
        #expect((report["users"] as? [[String: Any]])?.first?["utilization"] as? Double == 0.3333)
    }

    @Test func planCostsBothStrategiesWithinTheUsersHeadroom() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        // The user burns 3,000 units over the last minute (60 batchModify).
        try await ledger.insert((0..<60).map { (ago: 5 + Double($0) * 0.5, user: "cleaner", method: "users.messages.batchModify", status: 200, reason: nil, units: nil) })
        let config = try ledger.configFile()
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = try Self.run(["quota", "plan", "--config", config, "--database-url", ledger.database.url,
                                   "--user", "cleaner", "--messages", "10000", "--action", "archive"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == """
            archive 10,000 messages of cleaner: limit 6,000 units/min, burning 3,000 over the last minute, headroom 3,000/min
              per message: 10,000 x messages.modify = 50,000 units, 16m 40s
              batchModify x1000: 10 x messages.batchModify = 500 units, 10s

            """)
        let trash = try Self.run(["quota", "plan", "--config", config, "--database-url", ledger.database.url,
                                  "--user", "nobody", "--messages", "2500", "--action", "trash"])
        #expect(trash.output.contains("per message: 2,500 x messages.trash = 12,500 units, 2m 5s"), "\(trash.output)")
        #expect(trash.output.contains("batchModify x1000: 3 x messages.batchModify = 150 units, 2s"), "\(trash.output)")
    }

    @Test func deadDatabaseExitsTwoWithAClearMessageAndNoPassword() throws {
        let result = try Self.run(["quota", "--database-url", "postgresql://reader:s3cret-pw@127.0.0.1:1/gmailsvc"])
        #expect(result.status == 2)
        #expect(result.output.hasPrefix("opsctl quota: could not connect to PostgreSQL"), "\(result.output)")
        #expect(result.output.contains("Connection refused"))
        #expect(!result.output.contains("s3cret-pw"))
        #expect(!result.output.contains("warning"), "one message, no log noise: \(result.output)")
    }

    @Test func badFlagsAndBadConfigExitTwoWithThePlace() throws {
        let window = try Self.run(["quota", "--window", "2h", "--database-url", "postgresql://x@127.0.0.1:1/x"])
        #expect(window.status == 2)
        #expect(window.output.contains("invalid --window '2h' (expected 1m, 5m, 1h or 24h)"), "\(window.output)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-quota-bad-\(UUID().uuidString).yaml").path
        try "quota:\n  limits:\n    profile: current\n    user_units_per_minute: lots\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try Self.run(["quota", "--config", path])
        #expect(config.status == 2)
        #expect(config.output == "opsctl quota: \(path):4:28: quota.limits.user_units_per_minute: expected an integer, found a string\n")
    }
}
