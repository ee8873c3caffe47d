/// At most `limit` probes at once (scheduled and `/probe` together); later ones wait their
/// turn in arrival order. `close()` turns every waiter and later caller away (shutdown).
actor InFlightLimit {
    let limit: Int
    private var running = 0
    private var waiters: [CheckedContinuation<Bool, Never>] = []
    private var closed = false

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    var inFlight: Int { running }
    /// Slots handed out since start (the prober's activity, for `HeapTrim`).
    private(set) var granted = 0

    /// True when the caller holds a slot (and must `release()` it); false after `close()`.
    func acquire() async -> Bool {
        if closed { return false }
        granted += 1
        if running < limit {
            running += 1
            return true
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives the slot to the next waiter, or frees it.
    func release() {
        if !waiters.isEmpty, !closed {
            waiters.removeFirst().resume(returning: true)
        } else {
            running -= 1
        }
    }

    func close() {
        closed = true
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume(returning: false) }
    }
}
