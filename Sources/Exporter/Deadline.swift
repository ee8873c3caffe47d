import Synchronization

/// Runs an operation with a hard deadline. When the deadline passes the caller gets
/// `onTimeout()` at once and the operation is cancelled and left to finish on its own
/// (a query blocked in libpq ends at its server-side statement_timeout); the caller never
/// waits for it. This is what keeps a scrape within its timeout.
enum Deadline {
    static func run<T: Sendable>(
        _ limit: Duration,
        onTimeout: @escaping @Sendable () -> Error,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let slot = ResultSlot<T>()
        return try await withCheckedThrowingContinuation { continuation in
            slot.install(continuation)
            let work = Task {
                do { slot.finish(.success(try await operation())) } catch { slot.finish(.failure(error)) }
                slot.cancelTimer()
            }
            slot.setTimer(Task {
                do { try await Task.sleep(for: limit) } catch { return }   // cancelled: the work finished first
                if slot.finish(.failure(onTimeout())) { work.cancel() }
            })
        }
    }
}

/// Resumes a continuation exactly once; later results are dropped.
private final class ResultSlot<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<T, Error>?, done: Bool)>((nil, false))
    private let timer = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

    func setTimer(_ task: Task<Void, Never>) {
        let cancelNow = timer.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelNow { task.cancel() }
    }

    /// Stops the timer once the work is done, so no sleeping task outlives the operation.
    func cancelTimer() {
        let task = timer.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }

    func install(_ continuation: CheckedContinuation<T, Error>) {
        state.withLock { $0.continuation = continuation }
    }

    @discardableResult
    func finish(_ result: Result<T, Error>) -> Bool {
        let continuation: CheckedContinuation<T, Error>? = state.withLock { state in
            guard !state.done, let continuation = state.continuation else { return nil }
            state.done = true
            state.continuation = nil
            return continuation
        }
        guard let continuation else { return false }
        continuation.resume(with: result)
        return true
    }
}
