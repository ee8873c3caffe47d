import Foundation

/// Hands the transfer made inside a continuation to the task's cancellation handler,
/// which may run on another thread at any moment.
final class TransferBox: @unchecked Sendable {
    private let lock = NSLock()
    private var transfer: Transfer?

    func set(_ value: Transfer) {
        lock.lock(); defer { lock.unlock() }
        transfer = value
    }

    func get() -> Transfer? {
        lock.lock(); defer { lock.unlock() }
        return transfer
    }
}
