/// The Gmail API limits a project runs under.
///
/// Google changed the limits on 2026-05-01
/// (https://developers.google.com/workspace/gmail/api/reference/quota):
/// - `current`: Cloud projects created since then: 6,000 units per user per minute and a daily
///   billing threshold of 80,000,000 units per project;
/// - `legacy`: projects that used the API between November 2025 and April 2026 keep their
///   earlier quota of 15,000 units per user per minute (no daily threshold);
/// - both: 1,200,000 units per project per minute.
/// Sending is also capped per user per day: 2,000 messages on Workspace, 500 on consumer and
/// trial accounts.
public struct QuotaLimits: Sendable, Equatable {
    public enum Profile: String, Sendable, CaseIterable {
        case current, legacy
    }

    public enum AccountKind: String, Sendable, CaseIterable {
        case workspace, consumer

        /// Messages a user may send per day.
        public var dailySendLimit: Int { self == .workspace ? 2_000 : 500 }
    }

    public var profile: Profile
    public var userUnitsPerMinute: Int
    public var projectUnitsPerMinute: Int
    /// Units per project per day past which usage is billed; nil when the profile has none
    /// (or the configuration turns it off).
    public var dailyProjectThreshold: Int?
    public var accountKind: AccountKind
    public var dailySendLimit: Int
    /// Utilization (0...1) from which the report says NEAR LIMIT.
    public var nearLimitRatio: Double
    /// IANA time zone of the quota day (Google's daily quotas reset at midnight Pacific time).
    public var dayTimeZone: String

    public init(profile: Profile = .current, accountKind: AccountKind = .workspace) {
        self.profile = profile
        self.userUnitsPerMinute = profile == .current ? 6_000 : 15_000
        self.projectUnitsPerMinute = 1_200_000
        self.dailyProjectThreshold = profile == .current ? 80_000_000 : nil
        self.accountKind = accountKind
        self.dailySendLimit = accountKind.dailySendLimit
        self.nearLimitRatio = 0.8
        self.dayTimeZone = "America/Los_Angeles"
    }
}
