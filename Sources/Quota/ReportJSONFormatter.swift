import Foundation

/// `opsctl quota --output json`: the report for scripts (keys sorted, snake_case).
public enum ReportJSONFormatter {
    struct Document: Encodable {
        var window_seconds: Int
        var end: Double
        var user: String?
        var verdict: String
        var verdict_reasons: [String]
        var project: Project
        var users: [User]
        var active_users: Int
        var users_near_limit: Int
        var users_at_limit: Int
        var methods: [Method]
        var unknown_methods: [Method]
        var rate_limited: [Limited]
        var senders: [Sender]
        var minutes: [Minute]
        var calls_without_user: Int
    }
    struct Project: Encodable {
        var calls: Int
        var units: Int
        var limit_per_minute: Int
        var peak_units_per_minute: Int
        var utilization: Double
        var units_today: Int
        var daily_threshold: Int?
        var user_limit_per_minute: Int
        var daily_send_limit: Int
    }
    struct User: Encodable { var user: String; var units: Int; var peak_units_per_minute: Int; var utilization: Double }
    struct Method: Encodable { var method: String; var calls: Int; var units: Int }
    struct Limited: Encodable { var reason: String; var count: Int; var users: [UserCount] }
    struct UserCount: Encodable { var user: String; var count: Int }
    struct Sender: Encodable { var user: String; var sent: Int; var utilization: Double }
    struct Minute: Encodable { var start: Int64; var calls: Int; var units: Int }

    public static func format(_ report: QuotaReport, verdict: Verdict) -> String {
        let limits = report.limits
        let document = Document(
            window_seconds: report.window.seconds, end: report.end, user: report.user,
            verdict: verdict.status.rawValue, verdict_reasons: verdict.reasons,
            project: Project(calls: report.totalCalls, units: report.totalUnits, limit_per_minute: report.minuteLimit,
                             peak_units_per_minute: report.peakUnitsPerMinute, utilization: JSONDocument.ratio(report.utilization),
                             units_today: report.unitsToday, daily_threshold: limits.dailyProjectThreshold,
                             user_limit_per_minute: limits.userUnitsPerMinute, daily_send_limit: limits.dailySendLimit),
            users: report.users.map { User(user: $0.user, units: $0.units, peak_units_per_minute: $0.peakUnitsPerMinute,
                                           utilization: JSONDocument.ratio(report.userUtilization($0))) },
            active_users: report.activeUsers, users_near_limit: report.usersNearLimit, users_at_limit: report.usersAtLimit,
            methods: report.methods.map { Method(method: $0.method, calls: $0.calls, units: $0.units) },
            unknown_methods: report.unknownMethods.map { Method(method: $0.method, calls: $0.calls, units: $0.units) },
            rate_limited: report.rateLimited.map { Limited(reason: $0.reason, count: $0.count,
                                                           users: $0.users.map { UserCount(user: $0.user, count: $0.count) }) },
            senders: report.senders.map { Sender(user: $0.user, sent: $0.sent, utilization: JSONDocument.ratio(Double($0.sent) / Double(limits.dailySendLimit))) },
            minutes: report.minutes.map { Minute(start: $0.start, calls: $0.calls, units: $0.units) },
            calls_without_user: report.callsWithoutUser)
        return JSONDocument.text(document)
    }
}
