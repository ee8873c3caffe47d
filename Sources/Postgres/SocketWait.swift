#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for a socket to become readable or writable, but never past a deadline: the
/// client-side guard that keeps a hung server or a dead network from hanging a caller.
enum SocketWait {
    enum Interest { case read, write, readWrite }
    enum Outcome: Equatable { case ready, timedOut, failed(Int32) }

    static func wait(socket: Int32, for interest: Interest, until deadline: ContinuousClock.Instant) -> Outcome {
        var events: Int16 = 0
        switch interest {
        case .read: events = Int16(POLLIN)
        case .write: events = Int16(POLLOUT)
        case .readWrite: events = Int16(POLLIN) | Int16(POLLOUT)
        }
        while true {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return .timedOut }
            let (seconds, attoseconds) = remaining.components
            let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let result = poll(&descriptor, 1, Int32(clamping: millis))
            if result > 0 { return .ready }
            if result == 0 { continue }   // re-check the clock; poll may wake a little early
            let code = errno
            if code == EINTR { continue }
            return .failed(code)
        }
    }
}
