// A real PostgreSQL for tests, shared by every test target that needs one (TestSupport target).
//
//   TestDatabase.shared()   the suite-wide database: OPSCTL_TEST_DATABASE_URL and
//                           OPSCTL_TEST_ADMIN_DATABASE_URL when set (scripts/test.sh sets them),
//                           else one cluster started with scripts/pg.sh (seeded `small`) for the
//                           whole test process and stopped when it exits.
//   TestCluster.start()     a private cluster this test owns, for tests that stop, restart or
//                           freeze the server; call stop() when done.
import Foundation

public struct TestDatabase: Sendable {
    /// The read-only role (opsctl_reader: pg_read_all_data + pg_monitor).
    public let url: String
    /// The superuser, for tests that write or look at the server from outside.
    public let adminURL: String

    public static func shared() throws -> TestDatabase {
        try sharedResult.get()
    }

    private static let sharedResult: Result<TestDatabase, TestDatabaseError> = {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["OPSCTL_TEST_DATABASE_URL"], !url.isEmpty {
            return .success(TestDatabase(url: url, adminURL: environment["OPSCTL_TEST_ADMIN_DATABASE_URL"] ?? url))
        }
        do {
            // Stopped by its watchdog when the test process exits.
            return .success(try TestCluster.start(seed: "small").database)
        } catch let error as TestDatabaseError {
            return .failure(error)
        } catch {
            return .failure(TestDatabaseError(message: "\(error)"))
        }
    }()
}

public struct TestDatabaseError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

/// A throwaway cluster from scripts/pg.sh (as the `postgres` user when run as root).
public struct TestCluster: Sendable {
    public let directory: String
    public let port: Int
    public let database: TestDatabase

    public static var repositoryRoot: URL {
        // Tests/TestSupport/TestDatabase.swift -> repository root
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Starts a cluster with db/schema.sql applied; `seed` is nil, "small", "large" or a row count.
    public static func start(seed: String? = nil) throws -> TestCluster {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("opsctl-test-pg-\(UUID().uuidString.prefix(8))").path
        try runScript(["start", directory])
        stopWhenTestProcessExits(directory)
        if let seed { try runScript(["seed", directory, seed]) }
        let env = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        var values: [String: String] = [:]
        for line in env.split(separator: "\n") {
            guard line.hasPrefix("export "), let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[line.index(line.startIndex, offsetBy: 7)..<equals])
            values[key] = String(line[line.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        guard let url = values["DATABASE_URL"], let admin = values["ADMIN_DATABASE_URL"],
              let port = values["PGTEST_PORT"].flatMap(Int.init) else {
            throw TestDatabaseError(message: "scripts/pg.sh wrote no usable \(directory)/env")
        }
        return TestCluster(directory: directory, port: port, database: TestDatabase(url: url, adminURL: admin))
    }

    public func stop() {
        _ = try? Self.runScript(["stop", directory])
    }

    /// Stops the server, keeping its data (connections break; new ones are refused).
    public func stopServer() throws {
        try Self.run(Self.asPostgres([Self.pgBin("pg_ctl"), "-D", directory + "/data", "-m", "fast", "-w", "stop"]))
    }

    /// Starts the server again on the same port.
    public func startServer() throws {
        try Self.run(Self.asPostgres([Self.pgBin("pg_ctl"), "-D", directory + "/data", "-l", directory + "/server.log",
                                      "-w", "-t", "60", "-o",
                                      "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=50 -c fsync=off",
                                      "start"]))
    }

    /// Sends a signal to a server process (e.g. SIGSTOP a backend to simulate a hung server).
    public func signal(_ signal: Int32, pid: Int32) -> Bool {
        kill(pid, signal) == 0
    }

    @discardableResult
    public static func runScript(_ arguments: [String]) throws -> String {
        try run(["/bin/bash", repositoryRoot.appendingPathComponent("scripts/pg.sh").path] + arguments)
    }

    public static func pgBin(_ name: String) -> String {
        let base = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        let newest = versions.compactMap(Int.init).max().map(String.init) ?? "15"
        return "\(base)/\(newest)/bin/\(name)"
    }

    public static func asPostgres(_ command: [String]) -> [String] {
        getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command
    }

    /// Runs a command to completion; throws with its output when it does not exit 0.
    @discardableResult
    public static func run(_ command: [String]) throws -> String {
        let (status, text) = try spawnAndWait(command)
        guard status == 0 else {
            throw TestDatabaseError(message: "\(command.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }

    /// Stops the cluster in `directory` once this test process is gone, however it ends
    /// (atexit does not run when the runner is killed or crashes).
    static func stopWhenTestProcessExits(_ directory: String) {
        let script = repositoryRoot.appendingPathComponent("scripts/pg.sh").path
        let watchdog = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; exec /bin/bash '\(script)' stop '\(directory)'"
        _ = try? spawn(["/usr/bin/setsid", "/bin/bash", "-c", watchdog], stdinPath: "/dev/null", outputPath: "/dev/null")
    }
}

/// Runs a command to completion with posix_spawn + waitpid; stdin from `stdin` (else /dev/null),
/// stdout and stderr captured together. (Foundation's Process.waitUntilExit was seen to hang in
/// async tests on Linux, leaving a zombie child.) The status is the exit code, or 128 + signal.
public func spawnAndWait(_ command: [String], stdin: String? = nil) throws -> (status: Int32, output: String) {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-run-\(UUID().uuidString)").path
    let outputPath = base + ".out"
    let inputPath = base + ".in"
    defer { unlink(outputPath); unlink(inputPath) }
    if let stdin { try stdin.write(toFile: inputPath, atomically: false, encoding: .utf8) }
    let pid = try spawn(command, stdinPath: stdin == nil ? "/dev/null" : inputPath, outputPath: outputPath)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exitCode, text)
}

private func spawn(_ command: [String], stdinPath: String, outputPath: String) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    defer { arguments.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, command.first ?? "/bin/false", &actions, nil, arguments, environ)
    guard spawned == 0 else {
        throw TestDatabaseError(message: "could not start \(command.joined(separator: " ")): \(String(cString: strerror(spawned)))")
    }
    return pid
}
