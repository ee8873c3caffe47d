// A long-running child process for tests (an opsctl sidecar, Prometheus): started with
// posix_spawn, its output in a log file the test can read on failure, stopped with SIGTERM
// (SIGKILL after a grace period), and killed by a watchdog if the test process dies first,
// so a crashed test run leaves nothing running.
import Foundation

public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    public let command: [String]
    /// stdout and stderr of the child.
    public let logPath: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    public init(_ command: [String], environment: [String: String] = [:]) throws {
        self.command = command
        logPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("opsctl-child-\(UUID().uuidString.prefix(8)).log").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var attributes = ChildProcess.cleanSignals()
        defer { posix_spawnattr_destroy(&attributes) }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command.first ?? "/bin/false", &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw TestDatabaseError(message: "could not start \(command.first ?? ""): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        // If this test process is gone (crash, kill), take the child with it.
        let watchdog = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; kill -9 \(pid) 2>/dev/null"
        try? ChildProcess.detached(["/usr/bin/setsid", "/bin/bash", "-c", watchdog])
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// The child's output so far (for failure messages).
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Whether the child is still running.
    public var isRunning: Bool {
        lock.lock(); defer { lock.unlock() }
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            exitStatus = status
            return false
        }
        return true
    }

    /// `signal` (SIGTERM unless told), then SIGKILL after `grace`; returns the exit code
    /// (128 + signal when killed by one). Idempotent: a second call returns the first exit code.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, grace: Duration = .seconds(5)) -> Int32 {
        lock.lock(); defer { lock.unlock() }
        if exitStatus == nil {
            kill(pid, signal)
            let deadline = ContinuousClock.now + grace
            var status: Int32 = 0
            while true {
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid || (reaped == -1 && errno != EINTR) { break }
                if ContinuousClock.now >= deadline {
                    kill(pid, SIGKILL)
                    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                    break
                }
                usleep(20_000)
            }
            exitStatus = status
        }
        let status = exitStatus ?? 0
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Starts `command` with its output discarded and does not wait for it or stop it: for a
    /// helper that ends on its own (a watchdog that waits for this test process to go).
    @discardableResult
    public static func detached(_ command: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var attributes = cleanSignals()
        defer { posix_spawnattr_destroy(&attributes) }
        var pid: pid_t = 0
        guard posix_spawn(&pid, command[0], &actions, &attributes, argv, environ) == 0 else {
            throw TestDatabaseError(message: "could not start \(command[0])")
        }
        return pid
    }

    /// Spawn attributes that start the child with no signal blocked and default handlers: a
    /// dispatch worker thread blocks signals, and a child would inherit that mask and ignore
    /// SIGTERM. The caller destroys the attributes.
    private static func cleanSignals() -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return attributes
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now (bind to port 0 and read it back).
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestDatabaseError(message: "socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw TestDatabaseError(message: "bind() failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw TestDatabaseError(message: "getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
