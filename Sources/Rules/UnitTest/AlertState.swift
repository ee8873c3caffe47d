import PromQL

/// One alert instance of an alerting rule, as Prometheus tracks it.
public struct ActiveAlert: Sendable {
    public enum State: String, Sendable { case inactive, pending, firing }
    public var labels: Labels
    public var annotations: Labels
    public var state: State
    public var activeAtMs: Int64
    public var value: Double
    public var resolvedAtMs: Int64?
    public var keepFiringSinceMs: Int64?
}

/// Prometheus's alert state machine for one alerting rule: new results become pending,
/// pending turns firing once `for` has passed, vanished results resolve (after
/// `keep_firing_for`), resolved alerts are kept 15 minutes and then forgotten.
public struct AlertState: Sendable {
    public private(set) var active: [Labels: ActiveAlert] = [:]
    static let resolvedRetentionMs: Int64 = 15 * 60 * 1000

    public init() {}

    /// Applies one evaluation's result (alert label set -> value and annotations) at `ts`.
    public mutating func update(results: [Labels: (value: Double, annotations: Labels)], at ts: Int64,
                                forMs: Int64, keepFiringForMs: Int64) {
        for (labels, r) in results {
            if var existing = active[labels], existing.state != .inactive {
                existing.value = r.value
                existing.annotations = r.annotations
                active[labels] = existing
                continue
            }
            active[labels] = ActiveAlert(labels: labels, annotations: r.annotations, state: .pending,
                                         activeAtMs: ts, value: r.value)
        }
        for (labels, var a) in active {
            if results[labels] == nil {
                var keepFiring = false
                if a.state == .firing, keepFiringForMs > 0 {
                    if a.keepFiringSinceMs == nil { a.keepFiringSinceMs = ts }
                    if ts - (a.keepFiringSinceMs ?? ts) < keepFiringForMs { keepFiring = true }
                }
                if a.state == .pending || (a.resolvedAtMs.map { ts - $0 > Self.resolvedRetentionMs } ?? false) {
                    active[labels] = nil
                    continue
                }
                if a.state != .inactive, !keepFiring {
                    a.state = .inactive
                    a.resolvedAtMs = ts
                }
                if !keepFiring { active[labels] = a; continue }
            } else {
                a.keepFiringSinceMs = nil
            }
            if a.state == .pending, ts - a.activeAtMs >= forMs {
                a.state = .firing
            }
            active[labels] = a
        }
    }

    public var firing: [ActiveAlert] { active.values.filter { $0.state == .firing } }
    public var pendingOrFiring: [ActiveAlert] { active.values.filter { $0.state != .inactive } }
}
