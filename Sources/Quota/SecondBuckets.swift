/// Units per second over the last 60 seconds: a ring of 60 slots (240 bytes). Adding to a
/// second older than the window is ignored (the caller counts it elsewhere).
public struct SecondBuckets: Sendable, Equatable {
    public static let span: Int64 = 60
    private var slots: [UInt32] = Array(repeating: 0, count: Int(SecondBuckets.span))
    /// The newest second written (epoch seconds); slots hold `latest - 59 ... latest`.
    public private(set) var latest: Int64 = 0

    public init() {}

    /// Adds `units` at `second`; returns false when the second is already outside the window
    /// that ends at `latest`.
    @discardableResult
    public mutating func add(_ units: Int, at second: Int64) -> Bool {
        if second > latest {
            let cleared = min(second - latest, Self.span)
            for offset in 0..<cleared { slots[Self.index(second - offset)] = 0 }
            latest = second
        } else if second <= latest - Self.span {
            return false
        }
        let index = Self.index(second)
        slots[index] = slots[index] &+ UInt32(clamping: max(units, 0))
        return true
    }

    /// Units in the 60 seconds ending at `now` (inclusive).
    public func total(at now: Int64) -> Int {
        var sum = 0
        forEachInWindow(at: now) { _, units in sum += units }
        return sum
    }

    /// Whether nothing is left in the window ending at `now`.
    public func isEmpty(at now: Int64) -> Bool { now - latest >= Self.span || total(at: now) == 0 }

    /// Seconds from `now` until `needed` units have left the window (oldest first); nil when
    /// the window does not hold that many.
    public func secondsUntilFreed(_ needed: Int, at now: Int64) -> Int? {
        guard needed > 0 else { return 0 }
        var freed = 0
        var answer: Int?
        forEachInWindow(at: now, oldestFirst: true) { second, units in
            guard answer == nil else { return }
            freed += units
            if freed >= needed { answer = Int(second + Self.span - now) }
        }
        return answer
    }

    /// Visits the seconds of the window ending at `now` that hold units.
    private func forEachInWindow(at now: Int64, oldestFirst: Bool = false, _ body: (Int64, Int) -> Void) {
        let first = max(now - Self.span + 1, latest - Self.span + 1)
        let last = min(now, latest)
        guard first <= last else { return }
        let seconds = oldestFirst ? Array(first...last) : Array((first...last).reversed())
        for second in seconds {
            let units = Int(slots[Self.index(second)])
            if units > 0 { body(second, units) }
        }
    }

    private static func index(_ second: Int64) -> Int {
        Int(((second % span) + span) % span)
    }
}
