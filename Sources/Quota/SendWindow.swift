/// Successful sends of one user per minute over the last 24 hours, sparse: only minutes with
/// sends are kept (12 bytes each), so a user who sends little costs little.
public struct SendWindow: Sendable, Equatable {
    public static let span: Int64 = 86_400
    private var minutes: [(minute: Int64, count: Int32)] = []

    public init() {}

    public static func == (a: SendWindow, b: SendWindow) -> Bool {
        a.minutes.map(\.minute) == b.minutes.map(\.minute) && a.minutes.map(\.count) == b.minutes.map(\.count)
    }

    /// Adds `count` sends at `second` (kept per minute, in minute order).
    public mutating func add(_ count: Int, at second: Int64) {
        let minute = Self.minute(of: second)
        if let index = minutes.lastIndex(where: { $0.minute <= minute }) {
            if minutes[index].minute == minute {
                minutes[index].count &+= Int32(clamping: count)
            } else {
                minutes.insert((minute, Int32(clamping: count)), at: index + 1)
            }
        } else {
            minutes.insert((minute, Int32(clamping: count)), at: 0)
        }
    }

    /// Drops the minutes before the one holding `now - 24 h`.
    public mutating func prune(at now: Int64) {
        let cut = Self.minute(of: now - Self.span)
        if let first = minutes.first, first.minute < cut { minutes.removeAll { $0.minute < cut } }
    }

    /// Sends in the minutes from the one holding `now - seconds` on.
    public func count(within seconds: Int64, at now: Int64) -> Int {
        let cut = Self.minute(of: now - seconds)
        return minutes.reduce(0) { $1.minute >= cut ? $0 + Int($1.count) : $0 }
    }

    static func minute(of second: Int64) -> Int64 { second - ((second % 60) + 60) % 60 }

    public var isEmpty: Bool { minutes.isEmpty }
    public var storedMinutes: Int { minutes.count }
}
