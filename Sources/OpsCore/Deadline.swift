import Synchronization

/// Runs an operation with a hard deadline. When the deadline passes the caller gets
/// `onTimeout()` at once, and the operation's task is cancelled and left to finish on its
/// own (a query blocked in libpq ends at its own statement or connect timeout): the caller
/// never waits past the deadline. When the caller's task is cancelled (shutdown), it gets
/// `onCancel()` at once and the operation is cancelled too. This is what keeps an
/// exporter scrape and a probe within their timeouts.
public enum Deadline {
    /// The answering form: every outcome is a `T` (a probe's timeout is a result).
    public static func run<T: Sendable>(
        _ limit: Duration,
        onTimeout: @escaping @Sendable () -> T,
        onCancel: @escaping @Sendable () -> T,
        _ operation: @escaping @Sendable () async -> T
    ) async -> T {
        let slot = DeadlineSlot<T>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
                slot.install(continuation)
                let work = Task {
                    slot.finish(await operation())
                    slot.cancelTimer()
                }
                slot.setWork(work)
                slot.setTimer(Task {
                    do { try await Task.sleep(for: limit) } catch { return }   // cancelled: the work finished first
                    if slot.finish(onTimeout()) { work.cancel() }
                })
            }
        } onCancel: {
            if slot.finish(onCancel()) { slot.cancelWork() }
            slot.cancelTimer()
        }
    }

    /// The throwing form: throws `onTimeout()` at the deadline, `CancellationError` when the
    /// caller is cancelled, and whatever the operation throws.
    public static func run<T: Sendable>(
        _ limit: Duration,
        onTimeout: @escaping @Sendable () -> any Error,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome: Result<T, any Error> = await run(
            limit, onTimeout: { .failure(onTimeout()) }, onCancel: { .failure(CancellationError()) }
        ) {
            do { return .success(try await operation()) } catch { return .failure(error) }
        }
        return try outcome.get()
    }
}

/// Resumes a continuation exactly once with the first result; later results are dropped. A
/// result that comes before the continuation is installed (an early cancellation) is kept
/// and delivered at install. Also holds the work and timer tasks, to cancel them.
private final class DeadlineSlot<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<T, Never>?, done: Bool, early: T?)>((nil, false, nil))
    private let timer = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))
    private let work = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

    func install(_ continuation: CheckedContinuation<T, Never>) {
        let early = state.withLock { state -> T? in
            if let early = state.early {
                state.early = nil
                return early
            }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    func setWork(_ task: Task<Void, Never>) { Self.set(task, in: work) }
    func cancelWork() { Self.cancel(work) }
    func setTimer(_ task: Task<Void, Never>) { Self.set(task, in: timer) }
    /// Stops the timer once the work is done, so no sleeping task outlives the operation.
    func cancelTimer() { Self.cancel(timer) }

    private static func set(_ task: Task<Void, Never>, in holder: borrowing Mutex<(task: Task<Void, Never>?, cancelled: Bool)>) {
        let cancelNow = holder.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelNow { task.cancel() }
    }

    private static func cancel(_ holder: borrowing Mutex<(task: Task<Void, Never>?, cancelled: Bool)>) {
        let task = holder.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }

    @discardableResult
    func finish(_ result: T) -> Bool {
        let (first, continuation) = state.withLock { state -> (Bool, CheckedContinuation<T, Never>?) in
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
