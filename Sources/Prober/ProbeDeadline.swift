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
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProbeResult, Never>) in
                slot.install(continuation)
                let work = Task {
                    slot.finish(await prober.probe(target: target, timeout: timeout, log: log))
                    slot.cancelTimer()
                }
                slot.setWork(work)
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
        } onCancel: {
            // The caller is going away (shutdown): answer now and cancel the probe.
            let elapsed = (ContinuousClock.now - started).seconds
            if slot.finish(.failure(.timeout, "cancelled before a result: the prober is stopping", startedAt: startedAt, duration: elapsed)) {
                slot.cancelWork()
            }
            slot.cancelTimer()
        }
    }

    static func format(_ duration: Duration) -> String {
        let millis = Int((duration.seconds * 1000).rounded())
        return millis % 1000 == 0 ? "\(millis / 1000)s" : "\(millis)ms"
    }
}

/// Resumes a continuation exactly once with the first result; later results are dropped.
/// A result that comes before the continuation is installed (a cancellation) is kept and
/// delivered at install.
private final class ResultSlot: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<ProbeResult, Never>?, done: Bool, early: ProbeResult?)>((nil, false, nil))
    private let timer = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))
    private let work = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

    func install(_ continuation: CheckedContinuation<ProbeResult, Never>) {
        let early = state.withLock { state -> ProbeResult? in
            if let early = state.early {
                state.early = nil
                return early
            }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    func setWork(_ task: Task<Void, Never>) {
        let cancelNow = work.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelNow { task.cancel() }
    }

    func cancelWork() {
        let task = work.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
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
        let (first, continuation) = state.withLock { state -> (Bool, CheckedContinuation<ProbeResult, Never>?) in
            guard !state.done else { return (false, nil) }
            state.done = true
            guard let continuation = state.continuation else {
                state.early = result
                return (true, nil)
            }
            state.continuation = nil
            return (true, continuation)
        }
        continuation?.resume(returning: result)
        return first
    }
}
