import Foundation

/// The latest result of every scheduled check, for `/readyz` and `/metrics` to read
/// (they never run a probe themselves).
public actor ResultCache {
    public struct Entry: Sendable {
        public var check: Check
        public var last: ProbeResult?
        /// When the last result arrived (monotonic, for freshness) and on the wall clock.
        public var lastAt: ContinuousClock.Instant?
        public var lastSuccessAt: ContinuousClock.Instant?
        public var lastSuccessWall: Date?
        public var successes: Int = 0
        public var failures: Int = 0
    }

    private var entries: [String: Entry]
    private let order: [String]

    public init(checks: [Check]) {
        entries = Dictionary(checks.map { ($0.name, Entry(check: $0)) }, uniquingKeysWith: { first, _ in first })
        order = checks.map(\.name)
    }

    public func record(_ result: ProbeResult, for name: String, at instant: ContinuousClock.Instant = .now) {
        guard var entry = entries[name] else { return }
        entry.last = result
        entry.lastAt = instant
        if result.success {
            entry.successes += 1
            entry.lastSuccessAt = instant
            entry.lastSuccessWall = result.startedAt.addingTimeInterval(result.duration)
        } else {
            entry.failures += 1
        }
        entries[name] = entry
    }

    /// Every check, in configuration order.
    public func snapshot() -> [Entry] {
        order.compactMap { entries[$0] }
    }
}
