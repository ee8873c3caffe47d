#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CCurl
import Foundation

/// The one thread that drives every transfer of an `HTTPClient` through one libcurl multi
/// handle. Callers hand transfers in through a locked inbox and wake the thread with
/// `curl_multi_wakeup`; everything else (easy handles, callbacks, results) happens on the
/// thread. At most `maxConcurrent` transfers are in the multi handle; the rest wait in
/// order, their deadline running.
final class TransferLoop: @unchecked Sendable {
    private enum Command {
        case start(Transfer)
        case cancel(Transfer)
    }

    private let maxConcurrent: Int
    private let lock = NSLock()
    /// Guards `wakeHandle`: the multi handle for `curl_multi_wakeup` from other threads.
    private let wakeLock = NSLock()
    private var wakeHandle: UnsafeMutableRawPointer?
    // Guarded by `lock`:
    private var inbox: [Command] = []
    private var stopping = false
    private var multi: UnsafeMutableRawPointer?
    private var cancelRequested: Set<ObjectIdentifier> = []

    // Loop thread only:
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private var ownIO: [ObjectIdentifier: Transfer] = [:]
    private var waiting: [Transfer] = []
    private var waitingHead = 0

    init(maxConcurrent: Int) {
        self.maxConcurrent = max(1, maxConcurrent)
        guard CurlGlobal.ensure(), let multi = curl_multi_init() else { return }
        self.multi = multi
        wakeHandle = multi
        // The multi handle belongs to the thread from here on (other threads only wake it).
        nonisolated(unsafe) let handle = multi
        let thread = Thread { [self] in run(handle) }
        thread.name = "opsctl-http"
        thread.start()
    }

    /// Hands `transfer` to the loop. False if the loop is gone (the caller resumes itself).
    func submit(_ transfer: Transfer) -> Bool {
        lock.lock()
        guard multi != nil, !stopping else {
            lock.unlock()
            return false
        }
        inbox.append(.start(transfer))
        lock.unlock()
        wake()
        return true
    }

    /// Drops `transfer` (its caller's task was cancelled), wherever it is.
    func cancel(_ transfer: Transfer) {
        lock.lock()
        guard multi != nil, !stopping else {
            lock.unlock()
            return
        }
        cancelRequested.insert(ObjectIdentifier(transfer))
        inbox.append(.cancel(transfer))
        lock.unlock()
        wake()
    }

    /// Wakes the loop thread, called by `submit`, `cancel` and `shutdown` once `lock` is
    /// released: woken while the caller still held it, the thread blocked on it at once and had
    /// to be woken a second time (strace: 3 -> 1 futex calls a request on the loop thread;
    /// bench/prober/README.md, 2026-12-01). `wakeLock` keeps the multi handle alive meanwhile.
    private func wake() {
        wakeLock.lock(); defer { wakeLock.unlock() }
        if let wakeHandle { curl_multi_wakeup(wakeHandle) }
    }

    /// Ends the thread: every transfer still running is abandoned as cancelled.
    func shutdown() {
        lock.lock()
        stopping = true
        lock.unlock()
        wake()
    }

    // MARK: - The loop thread

    private func run(_ multi: UnsafeMutableRawPointer) {
        Self.blockSIGPIPE()
        var sockets: [curl_waitfd] = []
        while true {
            let (commands, stop) = takeInbox()
            if stop { break }
            let now = ContinuousClock.now
            for command in commands {
                switch command {
                case .start(let transfer):
                    if consumeCancel(transfer) {
                        transfer.abandon(.cancelledByCaller)
                        transfer.complete()
                    } else {
                        waiting.append(transfer)
                    }
                case .cancel(let transfer):
                    _ = consumeCancel(transfer)
                    drop(transfer, multi: multi, error: .cancelledByCaller)
                }
            }
            startWaiting(multi: multi, now: now)

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished(multi: multi)
            serviceOwnIO(multi: multi)

            sockets.removeAll(keepingCapacity: true)
            var nearest: ContinuousClock.Instant?
            for transfer in ownIO.values {
                if let wait = transfer.waitingSocket {
                    sockets.append(curl_waitfd(fd: wait.socket, events: wait.events, revents: 0))
                }
                nearest = min(nearest ?? transfer.deadline, transfer.deadline)
            }
            if waitingHead < waiting.count, let first = waiting[waitingHead...].map(\.deadline).min() {
                nearest = min(nearest ?? first, first)
            }
            var curlTimeout = -1
            curl_multi_timeout(multi, &curlTimeout)
            var wait = curlTimeout < 0 ? 1000 : min(curlTimeout, 1000)
            if let nearest { wait = min(wait, nearest.millisecondsLeft(from: .now)) }
            _ = sockets.withUnsafeMutableBufferPointer { buffer in
                curl_multi_poll(multi, buffer.baseAddress, UInt32(buffer.count), Int32(wait), nil)
            }
        }
        for transfer in Array(active.values) { drop(transfer, multi: multi, error: .clientShutDown) }
        for transfer in waiting[waitingHead...] {
            transfer.abandon(.clientShutDown)
            transfer.complete()
        }
        waiting.removeAll()
        lock.lock()
        self.multi = nil
        let leftover = inbox
        inbox.removeAll()
        lock.unlock()
        for case .start(let transfer) in leftover {
            transfer.abandon(.clientShutDown)
            transfer.complete()
        }
        wakeLock.lock()
        wakeHandle = nil
        wakeLock.unlock()
        curl_multi_cleanup(multi)
    }

    private func takeInbox() -> ([Command], Bool) {
        lock.lock(); defer { lock.unlock() }
        let commands = inbox
        inbox.removeAll(keepingCapacity: true)
        return (commands, stopping)
    }

    private func consumeCancel(_ transfer: Transfer) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return cancelRequested.remove(ObjectIdentifier(transfer)) != nil
    }

    /// Moves waiting transfers into the multi handle while there is room; those whose
    /// deadline passed in the queue fail as timeouts.
    private func startWaiting(multi: UnsafeMutableRawPointer, now: ContinuousClock.Instant) {
        while waitingHead < waiting.count {
            let transfer = waiting[waitingHead]
            if transfer.deadline <= now {
                waitingHead += 1
                transfer.abandon(.waitedTooLong)
                transfer.complete()
                continue
            }
            guard active.count + ownIO.count < maxConcurrent else { break }
            waitingHead += 1
            if let error = transfer.prepare(now: now) {
                transfer.abandon(error)
                transfer.complete()
                continue
            }
            guard let easy = transfer.easy, curl_multi_add_handle(multi, easy) == CURLM_OK else {
                transfer.abandon(HTTPClientError(kind: .network, message: "libcurl could not add the transfer"))
                transfer.complete()
                continue
            }
            active[easy] = transfer
        }
        if waitingHead == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
        } else if waitingHead > 1024 && waitingHead * 2 > waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
    }

    private func collectFinished(multi: UnsafeMutableRawPointer) {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = active[easy] else { continue }
            let code = opsctl_curl_msg_result(message)
            if transfer.curlFinished(code, now: .now) {
                end(transfer, multi: multi)
            } else {
                ownIO[ObjectIdentifier(transfer)] = transfer
            }
        }
    }

    private func serviceOwnIO(multi: UnsafeMutableRawPointer) {
        guard !ownIO.isEmpty else { return }
        let now = ContinuousClock.now
        for transfer in Array(ownIO.values) where transfer.service(now: now) {
            end(transfer, multi: multi)
        }
    }

    /// Removes a transfer that has its result from the multi handle and delivers it.
    private func end(_ transfer: Transfer, multi: UnsafeMutableRawPointer) {
        ownIO[ObjectIdentifier(transfer)] = nil
        if let easy = transfer.easy {
            active[easy] = nil
            curl_multi_remove_handle(multi, easy)
        }
        transfer.complete()
    }

    /// Ends a transfer early with `error`, wherever it is (running, waiting); a transfer
    /// already finished is left alone.
    private func drop(_ transfer: Transfer, multi: UnsafeMutableRawPointer, error: HTTPClientError) {
        if let easy = transfer.easy, active[easy] === transfer {
            transfer.abandon(error)
            end(transfer, multi: multi)
            return
        }
        if let index = waiting[waitingHead...].firstIndex(where: { $0 === transfer }) {
            waiting.remove(at: index)
            transfer.abandon(error)
            transfer.complete()
        }
    }

    /// libcurl and OpenSSL write to sockets a peer may have closed; the signal goes to the
    /// writing thread, so blocking it here keeps it from killing the process.
    private static func blockSIGPIPE() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}

extension HTTPClientError {
    static let cancelledByCaller = HTTPClientError(kind: .cancelled, message: "the request was cancelled")
    static let clientShutDown = HTTPClientError(kind: .cancelled, message: "the HTTP client shut down")
    static let waitedTooLong = HTTPClientError(
        kind: .timeout, message: "timed out waiting for a free slot (too many requests in flight)")
}
