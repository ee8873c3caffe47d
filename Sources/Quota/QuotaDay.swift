import Foundation

/// The quota day: daily limits reset at midnight in `QuotaLimits.dayTimeZone`, default
/// America/Los_Angeles. Google documents daily quotas as ending at midnight Pacific time
/// (UTC-8 in standard time, UTC-7 in daylight time; e.g.
/// https://developers.google.com/android-publisher/quotas); the Gmail quota page names no
/// zone. The calendar follows DST: 23- and 25-hour days (QuotaDayTests).
public enum QuotaDay {
    /// The start of the day containing `date`, in epoch seconds.
    public static func start(containing date: Date, timeZone identifier: String) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar.startOfDay(for: date).timeIntervalSince1970
    }
}
