import Foundation

/// The quota day: daily limits reset at midnight in `QuotaLimits.dayTimeZone`
/// (Google's daily quotas reset at midnight Pacific time).
public enum QuotaDay {
    /// The start of the day containing `date`, in epoch seconds.
    public static func start(containing date: Date, timeZone identifier: String) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar.startOfDay(for: date).timeIntervalSince1970
    }
}
