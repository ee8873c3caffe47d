import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres
import TestSupport

/// A private ledger for one test: `schema.gmail_api_calls` with the reference columns, plain
/// or range-partitioned by day, in the suite's database (other suites never see it).
struct Ledger: Sendable {
    let database: TestDatabase
    let schema: String
    var table: String { "\(schema).gmail_api_calls" }

    static func create(partitioned: Bool = false, database: TestDatabase? = nil) async throws -> Ledger {
        let database = try database ?? TestDatabase.shared()
        let schema = "quota_t_\(UUID().uuidString.prefix(8).lowercased())"
        let ledger = Ledger(database: database, schema: schema)
        let columns = """
            id bigserial, called_at timestamptz NOT NULL DEFAULT now(), user_id text, method text,
            status_code smallint NOT NULL DEFAULT 200, error_reason text, latency_ms int NOT NULL DEFAULT 50,
            quota_units smallint
            """
        var ddl = ["CREATE SCHEMA \(schema)"]
        if partitioned {
            ddl.append("CREATE TABLE \(ledger.table) (\(columns), PRIMARY KEY (id, called_at)) PARTITION BY RANGE (called_at)")
            for day in -3...2 {
                ddl.append("""
                    DO $$ BEGIN EXECUTE format('CREATE TABLE \(schema).calls_d%s PARTITION OF \(ledger.table) FOR VALUES FROM (%L) TO (%L)',
                      \(day + 3), date_trunc('day', now()) + interval '\(day) day', date_trunc('day', now()) + interval '\(day + 1) day'); END $$
                    """)
            }
        } else {
            ddl.append("CREATE TABLE \(ledger.table) (\(columns), PRIMARY KEY (id))")
        }
        ddl.append("CREATE INDEX ON \(ledger.table) (called_at)")
        for statement in ddl { try await SQL.exec(database.adminURL, statement) }
        return ledger
    }

    func drop() async {
        try? await SQL.exec(database.adminURL, "DROP SCHEMA \(schema) CASCADE")
    }

    /// Inserts rows: (seconds ago, user, method, status, reason, quota_units).
    func insert(_ rows: [(ago: Double, user: String?, method: String, status: Int, reason: String?, units: Int?)]) async throws {
        guard !rows.isEmpty else { return }
        let values = rows.map { row in
            "(now() - interval '\(row.ago) seconds', \(Self.literal(row.user)), \(Self.literal(row.method)), \(row.status), \(Self.literal(row.reason)), \(row.units.map(String.init) ?? "NULL"))"
        }.joined(separator: ",\n")
        try await SQL.exec(database.adminURL,
                           "INSERT INTO \(table) (called_at, user_id, method, status_code, error_reason, quota_units) VALUES \(values)")
    }

    static func literal(_ text: String?) -> String {
        text.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
    }

    /// A config file naming this ledger; removed by the caller.
    func configFile(extra: String = "") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-quota-\(UUID().uuidString).yaml").path
        try "quota:\n  ledger_table: \(table)\n\(extra)".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The independent expectation: units per (key) computed in SQL from a cost table the
    /// test writes out itself (`TestCosts`), a row's own quota_units first.
    func expectedUnits(groupBy key: String, since seconds: Double) async throws -> [String: Double] {
        try await SQL.map(database.adminURL, """
            WITH costs(method, units) AS (VALUES \(TestCosts.valuesList))
            SELECT coalesce(\(key), '(null)') AS k, sum(coalesce(l.quota_units::int, c.units, \(TestCosts.defaultUnits)))::float8 AS u
            FROM \(table) l LEFT JOIN costs c ON c.method = regexp_replace(l.method, '^users\\.', '')
            WHERE l.called_at >= now() - interval '\(seconds) seconds'
            GROUP BY 1
            """, keys: ["k"], value: "u")
    }
}

/// The costs of the methods the tests use, written out from Google's page by hand (not read
/// from the module), so a wrong entry in `CostTable.published` fails the totals.
enum TestCosts {
    static let units: [String: Int] = [
        "messages.list": 5, "messages.get": 5, "messages.modify": 5, "messages.batchModify": 50,
        "messages.send": 100, "messages.trash": 5, "history.list": 2, "threads.list": 10,
        "labels.list": 1, "drafts.send": 100, "getProfile": 1,
    ]
    static let defaultUnits = 5
    static var valuesList: String { units.map { "('\($0.key)', \($0.value))" }.joined(separator: ", ") }
}



/// The `opsctl` binary built beside the test bundle.
var opsctlBinary: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("opsctl").path
}

/// The seeded scenario every totals test uses: background traffic over the last 50 minutes
/// (both method spellings, own quota_units, an unknown method, NULL users, sends), a burst
/// of one user 20 minutes ago over the per-user limit, and throttled calls.
enum Scenario {
    static let heavyUser = "heavy@example.com"

    static func rows() -> [(ago: Double, user: String?, method: String, status: Int, reason: String?, units: Int?)] {
        var rows: [(ago: Double, user: String?, method: String, status: Int, reason: String?, units: Int?)] = []
        let methods = ["users.messages.list", "messages.get", "users.history.list", "users.messages.modify",
                       "users.threads.list", "users.labels.list", "users.messages.send", "users.getProfile",
                       "users.messages.frobnicate", "users.drafts.send"]
        for i in 0..<300 {
            let user: String? = i % 97 == 0 ? nil : "user-\(i % 20)"
            let method = methods[i % methods.count]
            let reason: String? = i % 31 == 0 ? "rateLimitExceeded" : i % 37 == 0 ? "backendError" : nil
            let status = reason == "rateLimitExceeded" ? 429 : reason == nil ? 200 : 503
            rows.append((ago: 120 + Double(i) * 9.5, user: user, method: method, status: status, reason: reason,
                         units: i % 23 == 0 ? 7 : nil))
        }
        // The burst: 130 batchModify calls (6,500 units) within 40 s, 20 minutes ago, and 12 refusals.
        for i in 0..<130 {
            rows.append((ago: 1200 + Double(i) * 0.3, user: heavyUser, method: "users.messages.batchModify", status: 200, reason: nil, units: nil))
        }
        for i in 0..<12 {
            rows.append((ago: 1150 + Double(i), user: heavyUser, method: "users.messages.batchModify", status: 429,
                         reason: "userRateLimitExceeded", units: nil))
        }
        return rows
    }
}
