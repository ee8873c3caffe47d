import Foundation
import Synchronization

/// Runs a probe with a hard deadline: when it passes, the caller gets a `timeout` result at
/// once and the probe's task is cancelled and left to end on its own (a libpq call blocked
/// on a dead server ends at its own connect or statement timeout). The caller never waits
/// past the deadline, which is what keeps a hung target from holding a probe slot.
enum ProbeDeadline {
    /// Grace past `timeout` for the prober to report its own, more precise timeout.
    static let grace: Duration = .milliseconds(200)

    static func run(
        prober: any TargetProber, target: String, timeout: Duration, log: ProbeLog
    ) async -> ProbeResult {
        let startedAt = Date()
        let started = ContinuousClock.now
        let slot = ResultSlot()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<ProbeResult, Never>) in
            slot.install(continuation)
            let work = Task {
                slot.finish(await prober.probe(target: target, timeout: timeout, log: log))
                slot.cancelTimer()
            }
            slot.setTimer(Task {
                do { try await Task.sleep(for: timeout + grace) } catch { return }   // the probe finished first
                let elapsed = (ContinuousClock.now - started).seconds
                log.add("deadline of \(format(timeout)) passed; probe cancelled")
                if slot.finish(.failure(.timeout, "no result within the timeout of \(format(timeout))",
                                        startedAt: startedAt, duration: elapsed)) {
                    work.cancel()
                }
            })
        }
        return result
    }

    static func format(_ duration: Duration) -> String {
        let millis = Int((duration.seconds * 1000).rounded())
        return millis % 1000 == 0 ? "\(millis / 1000)s" : "\(millis)ms"
    }
}

/// Resumes a continuation exactly once; later results are dropped.
private final class ResultSlot: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<ProbeResult, Never>?, done: Bool)>((nil, false))
    private let timer = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

    func install(_ continuation: CheckedContinuation<ProbeResult, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func setTimer(_ task: Task<Void, Never>) {
        let cancelNow = timer.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelNow { task.cancel() }
    }

    func cancelTimer() {
        let task = timer.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }

    @discardableResult
    func finish(_ result: ProbeResult) -> Bool {
        let continuation = state.withLock { state -> CheckedContinuation<ProbeResult, Never>? in
            guard !state.done, let continuation = state.continuation else { return nil }
            state.done = true
            state.continuation = nil
            return continuation
        }
        guard let continuation else { return false }
        continuation.resume(returning: result)
        return true
    }
}
