/// The span `opsctl quota` reports on: the last minute, 5 minutes, hour or day.
public enum ReportWindow: String, Sendable, CaseIterable {
    case oneMinute = "1m", fiveMinutes = "5m", oneHour = "1h", oneDay = "24h"

    public var seconds: Int {
        switch self {
        case .oneMinute: return 60
        case .fiveMinutes: return 300
        case .oneHour: return 3_600
        case .oneDay: return 86_400
        }
    }

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let text: String
        public var description: String { "invalid window '\(text)' (expected 1m, 5m, 1h or 24h)" }
    }

    public init(parsing text: String) throws(Invalid) {
        guard let window = ReportWindow(rawValue: text) else { throw Invalid(text: text) }
        self = window
    }
}
