import Foundation
import Postgres
@testable import Quota
import Testing
import TestSupport

/// The quota day (Google's daily quotas reset at midnight Pacific time): its start follows
/// `day_time_zone` across DST, in the report's "units today" and the watcher's day counters,
/// checked against day boundaries and sums computed independently in SQL.
@Suite(.serialized) struct QuotaDayTests {
    /// Instants around Pacific midnights (epoch seconds): an ordinary day (2026-11-20, PST),
    /// the day DST ends (2026-11-01, 25 hours: 07:00Z to 08:00Z next day) and the day it
    /// starts (2026-03-08, 23 hours: 08:00Z to 07:00Z next day).
    static let midnights: [Int64] = [1_795_161_600 /* 2026-11-20T08:00Z */, 1_793_516_400 /* 2026-11-01T07:00Z */,
                                     1_772_956_800 /* 2026-03-08T08:00Z */, 1_773_039_600 /* 2026-03-09T07:00Z */,
                                     1_793_606_400 /* 2026-11-02T08:00Z */]
    static let offsets: [Int64] = [-3_601, -61, -1, 0, 1, 59, 3_600, 7_201, 36_000]

    @Test func dayStartMatchesPostgreSQLAcrossDST() async throws {
        let url = try TestDatabase.shared().adminURL
        let zones = ["America/Los_Angeles", "UTC", "Asia/Kolkata", "Australia/Lord_Howe"]
        let instants = Self.midnights.flatMap { midnight in Self.offsets.map { midnight + $0 } }
        // PostgreSQL's own day boundaries, all in one statement.
        let expected = try await SQL.map(url, """
            SELECT z || ' ' || i AS k,
                   extract(epoch FROM date_trunc('day', to_timestamp(i) AT TIME ZONE z) AT TIME ZONE z)::float8 AS s
            FROM unnest('{\(zones.joined(separator: ","))}'::text[]) AS z, unnest('{\(instants.map(String.init).joined(separator: ","))}'::bigint[]) AS i
            """, keys: ["k"], value: "s")
        #expect(expected.count == zones.count * instants.count)
        for zone in zones {
            for instant in instants {
                let ours = QuotaDay.start(containing: Date(timeIntervalSince1970: Double(instant)), timeZone: zone)
                #expect(ours == expected["\(zone) \(instant)"], "\(zone) at \(instant)")
            }
        }
        // The DST-end day is 25 hours long, the DST-start day 23.
        let november = QuotaDay.start(containing: Date(timeIntervalSince1970: 1_793_516_400 + 60), timeZone: "America/Los_Angeles")
        let nextDay = QuotaDay.start(containing: Date(timeIntervalSince1970: 1_793_606_400 + 60), timeZone: "America/Los_Angeles")
        #expect(nextDay - november == 25 * 3_600)
        let march = QuotaDay.start(containing: Date(timeIntervalSince1970: 1_772_956_800 + 60), timeZone: "America/Los_Angeles")
        let marchNext = QuotaDay.start(containing: Date(timeIntervalSince1970: 1_773_039_600 + 60), timeZone: "America/Los_Angeles")
        #expect(marchNext - march == 23 * 3_600)
    }

    /// Rows on both sides of each midnight; "units today" at instants after it equals SQL's
    /// sum from the zone's midnight, in the report and in the watcher's windows.
    @Test func unitsTodayFollowTheZone() async throws {
        let ledger = try await Ledger.create()
        defer { Task { await ledger.drop() } }
        let methods = ["users.messages.get", "users.messages.batchModify", "messages.list", "users.messages.send"]
        var rows: [(time: Int64, user: String, method: String)] = []
        for (m, midnight) in Self.midnights.enumerated() {
            for (i, offset) in Self.offsets.enumerated() {
                rows.append((midnight + offset, "user-\(i % 3)", methods[(m + i) % methods.count]))
            }
        }
        let values = rows.map { "(to_timestamp(\($0.time)), '\($0.user)', '\($0.method)')" }.joined(separator: ", ")
        try await SQL.exec(ledger.database.adminURL, "INSERT INTO \(ledger.table) (called_at, user_id, method) VALUES \(values)")
        let pool = PostgresPool(config: PostgresConfig(conninfo: ledger.database.url), maxConnections: 1,
                                logger: .init(label: "test"))
        defer { Task { await pool.close() } }

        for zone in ["America/Los_Angeles", "UTC"] {
            var config = QuotaConfig(ledgerTable: ledger.table)
            config.limits.dayTimeZone = zone
            for midnight in Self.midnights {
                for offset: Int64 in [-1, 1, 3_600, 30_000] {
                    let now = midnight + offset
                    let expected = try await SQL.rows(ledger.database.adminURL, """
                        WITH costs(method, units) AS (VALUES \(TestCosts.valuesList))
                        SELECT coalesce(sum(coalesce(l.quota_units::int, c.units, \(TestCosts.defaultUnits))), 0)::bigint AS u
                        FROM \(ledger.table) l LEFT JOIN costs c ON c.method = regexp_replace(l.method, '^users\\.', '')
                        WHERE called_at >= (date_trunc('day', to_timestamp(\(now)) AT TIME ZONE '\(zone)') AT TIME ZONE '\(zone)')
                          AND called_at <= to_timestamp(\(now))
                        """).rows.first?.int64("u")
                    let report = try await ReportBuilder(config: config)
                        .build(pool, window: .oneMinute, top: 1, user: nil, now: Date(timeIntervalSince1970: Double(now)))
                    #expect(Int64(report.unitsToday) == expected, "report, \(zone), now \(now)")

                    // The watcher's windows fed the same rows up to `now`, in order.
                    var windows = UsageWindows(costs: config.costs, limits: config.limits, now: Double(rows.map(\.time).min() ?? 0))
                    for (id, row) in rows.enumerated().sorted(by: { $0.element.time < $1.element.time }) where row.time <= now {
                        windows.roll(to: Double(row.time))
                        windows.ingest(.init(id: Int64(id), time: Double(row.time), user: row.user, method: row.method,
                                             statusCode: 200, errorReason: nil, quotaUnits: nil), now: Double(row.time))
                    }
                    windows.roll(to: Double(now))
                    #expect(Int64(windows.unitsToday) == expected, "watcher, \(zone), now \(now)")
                }
            }
        }
    }
}
