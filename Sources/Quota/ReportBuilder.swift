import Foundation
import Postgres

/// Builds a `QuotaReport` from the ledger with two bounded statements (`LedgerSQL`).
public struct ReportBuilder: Sendable {
    public var sql: LedgerSQL
    public var costs: CostTable
    public var limits: QuotaLimits
    public var timeout: Duration

    /// Session settings for the report's connections: no JIT compilation. The window statement
    /// is costed high enough for PostgreSQL to JIT-compile it with inlining and optimization,
    /// which took ~0.9 s of a 2-3 s statement on 10M ledger rows and saved nothing
    /// (`bench/quota/README.md`).
    public static let sessionSettings = ["jit": "off"]

    /// Connections the report uses: its two statements run at once.
    public static let connections = 2

    public init(config: QuotaConfig, timeout: Duration = .seconds(30)) {
        self.sql = LedgerSQL(table: config.ledgerTable)
        self.costs = config.costs
        self.limits = config.limits
        self.timeout = timeout
    }

    /// The report on `[now - window, now]`, for one user or the project, with the top `top` users.
    public func build(_ runner: some StatementRunner, window: ReportWindow, top: Int, user: String?,
                      now: Date = Date()) async throws -> QuotaReport {
        let end = now.timeIntervalSince1970
        let start = end - Double(window.seconds)
        let (methods, units) = costs.sqlRows
        let methodArray = Self.textArray(methods)
        let unitArray = "{" + units.map(String.init).joined(separator: ",") + "}"
        let nearUnits = Double(limits.userUnitsPerMinute) * limits.nearLimitRatio
        let dayStart = QuotaDay.start(containing: now, timeZone: limits.dayTimeZone)
        let sendMethods = CostTable.sendMethods.sorted().flatMap { [$0, "users." + $0] }
        // The two statements run at once when the runner has two connections (the command's
        // pool does): the day's statement then costs no wall time beside the window's.
        async let windowResult = runner.query(sql.reportWindow, [
            Self.number(start), Self.number(end), methodArray, unitArray, String(costs.defaultUnits), user,
            String(max(top, 0)), String(nearUnits), String(limits.userUnitsPerMinute),
        ], timeout: timeout)
        async let dayResult = runner.query(sql.reportDay, [
            Self.number(dayStart), Self.number(end), Self.number(end - 86_400), methodArray, unitArray,
            String(costs.defaultUnits), Self.textArray(sendMethods), user, String(max(top, 0)),
        ], timeout: timeout)
        let (windowRows, dayRows) = try await (windowResult, dayResult)

        var report = QuotaReport(window: window, end: end, user: user, limits: limits)
        var methodOrder: [String] = []
        var methodTotals: [String: QuotaReport.MethodUsage] = [:]
        var limitedUsers: [String: [QuotaReport.UserCount]] = [:]
        var limitedTotals: [String: Int] = [:]
        for row in windowRows.rows {
            let calls = Int(row.int64("calls") ?? 0)
            let rowUnits = Int(row.int64("units") ?? 0)
            switch row.string("kind") {
            case "minute":
                report.minutes.append(.init(start: row.int64("key") ?? 0, calls: calls, units: rowUnits))
            case "method":
                let raw = row.string("key") ?? "(null)"
                let name = CostTable.normalize(raw)
                if methodTotals[name] == nil { methodOrder.append(name); methodTotals[name] = .init(method: raw, calls: 0, units: 0) }
                methodTotals[name]?.calls += calls
                methodTotals[name]?.units += rowUnits
            case "user":
                report.users.append(.init(user: row.string("key") ?? "(null)", units: rowUnits,
                                          peakUnitsPerMinute: Int(row.string("key2") ?? "") ?? 0))
            case "users":
                report.activeUsers = Int(row.string("key") ?? "") ?? 0
                report.usersAtLimit = Int(row.string("key2") ?? "") ?? 0
                report.usersNearLimit = calls
            case "limited_total":
                limitedTotals[row.string("key") ?? ""] = calls
            case "limited":
                limitedUsers[row.string("key") ?? "", default: []].append(.init(user: row.string("key2") ?? "(null)", count: calls))
            case "unknown":
                report.unknownMethods.append(.init(method: row.string("key") ?? "(null)", calls: calls, units: rowUnits))
            case "null_user":
                report.callsWithoutUser = calls
            default:
                break
            }
        }
        report.minutes.sort { $0.start < $1.start }
        // UNION ALL keeps no order across its branches: sort here.
        report.users.sort { ($0.peakUnitsPerMinute, $0.units, $1.user) > ($1.peakUnitsPerMinute, $1.units, $0.user) }
        report.methods = methodOrder.compactMap { methodTotals[$0] }.sorted { ($0.units, $1.method) > ($1.units, $0.method) }
        report.unknownMethods.sort { $0.calls > $1.calls }
        // The statement sends each reason's total and its top max(top, 1) users.
        report.rateLimited = limitedTotals.map { reason, count in
            let users = (limitedUsers[reason] ?? []).sorted { ($0.count, $1.user) > ($1.count, $0.user) }
            return QuotaReport.RateLimited(reason: reason, count: count, users: Array(users.prefix(max(top, 1))))
        }.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }

        for row in dayRows.rows {
            switch row.string("kind") {
            case "today": report.unitsToday = Int(row.int64("units") ?? 0)
            case "sender": report.senders.append(.init(user: row.string("key") ?? "(null)", sent: Int(row.int64("calls") ?? 0)))
            default: break
            }
        }
        report.senders.sort { ($0.sent, $1.user) > ($1.sent, $0.user) }
        return report
    }

    /// A user's units over the last minute (the burn `opsctl quota plan` starts from).
    public func userBurn(_ runner: some StatementRunner, user: String, now: Date = Date()) async throws -> Int {
        let end = now.timeIntervalSince1970
        let (methods, units) = costs.sqlRows
        let result = try await runner.query(sql.userBurn, [
            Self.number(end - 60), Self.number(end), Self.textArray(methods),
            "{" + units.map(String.init).joined(separator: ",") + "}", String(costs.defaultUnits), user,
        ], timeout: timeout)
        return Int(result.rows.first?.int64("units") ?? 0)
    }

    static func number(_ value: Double) -> String { String(format: "%.6f", value) }

    /// A PostgreSQL text[] literal; method names hold only letters, digits, dots and underscores.
    static func textArray(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}
