/// OK, NEAR LIMIT or THROTTLED, with the reasons, judged from a report's facts.
///
/// - THROTTLED: the ledger holds rate-limit errors (`rateLimitExceeded`,
///   `userRateLimitExceeded`, `dailyLimitExceeded`) in the window, or a minute reached 100%
///   of its limit.
/// - NEAR LIMIT: a minute of the project or of a user, today's units (against the daily
///   threshold) or a sender's last 24 hours (against the daily send limit) reached
///   `near_limit_ratio` (default 80%).
/// - OK otherwise.
public struct Verdict: Sendable, Equatable {
    public enum Status: String, Sendable {
        case ok = "OK"
        case nearLimit = "NEAR LIMIT"
        case throttled = "THROTTLED"

        /// The exit code of `opsctl quota`: 0 for OK, 1 otherwise.
        public var exitCode: Int32 { self == .ok ? 0 : 1 }
    }

    public var status: Status
    public var reasons: [String]

    public init(_ report: QuotaReport) {
        let limits = report.limits
        let near = limits.nearLimitRatio
        var throttled: [String] = []
        var nearing: [String] = []
        let scope = report.user.map { "user \($0)" } ?? "project"

        if report.rateLimitedCalls > 0 {
            let parts = report.rateLimited.map { "\($0.reason) \(Number.grouped($0.count))" }.joined(separator: ", ")
            throttled.append("\(Number.grouped(report.rateLimitedCalls)) calls rate-limited in the last \(report.window.rawValue) (\(parts))")
        }
        let peak = report.peakUnitsPerMinute
        let minuteLimit = report.minuteLimit
        let minuteText = "\(scope) peaked at \(Number.grouped(peak)) units in a minute (\(Number.percent(report.utilization)) of \(Number.grouped(minuteLimit)))"
        if peak >= minuteLimit { throttled.append(minuteText) } else if report.utilization >= near { nearing.append(minuteText) }

        if report.user == nil, let top = report.users.first {
            let ratio = report.userUtilization(top)
            let text = "user \(top.user) peaked at \(Number.grouped(top.peakUnitsPerMinute)) units in a minute (\(Number.percent(ratio)) of \(Number.grouped(limits.userUnitsPerMinute)))"
            if ratio >= 1 { throttled.append(text) } else if ratio >= near { nearing.append(text) }
        }
        if let threshold = limits.dailyProjectThreshold {
            let ratio = Double(report.unitsToday) / Double(threshold)
            let text = "\(Number.grouped(report.unitsToday)) units today (\(Number.percent(ratio)) of the daily threshold \(Number.grouped(threshold)))"
            if ratio >= near { nearing.append(text) }
        }
        if let top = report.senders.first {
            let ratio = Double(top.sent) / Double(limits.dailySendLimit)
            let text = "user \(top.user) sent \(Number.grouped(top.sent)) messages in 24 h (\(Number.percent(ratio)) of \(Number.grouped(limits.dailySendLimit)))"
            if ratio >= 1 { throttled.append(text) } else if ratio >= near { nearing.append(text) }
        }

        if !throttled.isEmpty {
            status = .throttled
            reasons = throttled + nearing
        } else if !nearing.isEmpty {
            status = .nearLimit
            reasons = nearing
        } else {
            status = .ok
            reasons = ["peak \(Number.grouped(peak)) units per minute, \(Number.percent(report.utilization)) of the \(scope) limit \(Number.grouped(minuteLimit)); no rate-limited calls"]
        }
    }
}

/// Number formatting shared by the report's reasons and tables.
public enum Number {
    /// 1234567 -> "1,234,567".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// 0.4567 -> "45.7%", -0.015 -> "-1.5%".
    public static func percent(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "-" }
        let tenths = Int((ratio * 1000).rounded())
        return (tenths < 0 ? "-" : "") + "\(tenths.magnitude / 10).\(tenths.magnitude % 10)%"
    }
}
