// A real PostgreSQL for tests. Self-contained (Foundation only): copy this file into another
// test target to reuse it.
//
//   TestDatabase.shared()   the suite-wide database: OPSCTL_TEST_DATABASE_URL and
//                           OPSCTL_TEST_ADMIN_DATABASE_URL when set (scripts/test.sh sets them),
//                           else one cluster started with scripts/pg.sh (seeded `small`) for the
//                           whole test process and stopped when it exits.
//   TestCluster.start()     a private cluster this test owns, for tests that stop, restart or
//                           freeze the server; call stop() when done.
import Foundation

struct TestDatabase: Sendable {
    /// The read-only role (opsctl_reader: pg_read_all_data + pg_monitor).
    let url: String
    /// The superuser, for tests that write or look at the server from outside.
    let adminURL: String

    static func shared() throws -> TestDatabase {
        try sharedResult.get()
    }

    private static let sharedResult: Result<TestDatabase, TestDatabaseError> = {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["OPSCTL_TEST_DATABASE_URL"], !url.isEmpty {
            return .success(TestDatabase(url: url, adminURL: environment["OPSCTL_TEST_ADMIN_DATABASE_URL"] ?? url))
        }
        do {
            let cluster = try TestCluster.start(seed: "small")
            ownedClusterDirectory = cluster.directory
            atexit {
                if let directory = TestDatabase.ownedClusterDirectory {
                    _ = try? TestCluster.runScript(["stop", directory])
                }
            }
            return .success(cluster.database)
        } catch let error as TestDatabaseError {
            return .failure(error)
        } catch {
            return .failure(TestDatabaseError(message: "\(error)"))
        }
    }()

    nonisolated(unsafe) fileprivate static var ownedClusterDirectory: String?
}

struct TestDatabaseError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A throwaway cluster from scripts/pg.sh (as the `postgres` user when run as root).
struct TestCluster: Sendable {
    let directory: String
    let port: Int
    let database: TestDatabase

    static var repositoryRoot: URL {
        // Tests/<Target>/TestDatabase.swift -> repository root
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Starts a cluster with db/schema.sql applied; `seed` is nil, "small", "large" or a row count.
    static func start(seed: String? = nil) throws -> TestCluster {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("opsctl-test-pg-\(UUID().uuidString.prefix(8))").path
        try runScript(["start", directory])
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

    func stop() {
        _ = try? Self.runScript(["stop", directory])
    }

    /// Stops the server, keeping its data (connections break; new ones are refused).
    func stopServer() throws {
        try Self.run(Self.asPostgres([Self.pgBin("pg_ctl"), "-D", directory + "/data", "-m", "fast", "-w", "stop"]))
    }

    /// Starts the server again on the same port.
    func startServer() throws {
        try Self.run(Self.asPostgres([Self.pgBin("pg_ctl"), "-D", directory + "/data", "-l", directory + "/server.log",
                                      "-w", "-t", "60", "-o",
                                      "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=50 -c fsync=off",
                                      "start"]))
    }

    /// Sends a signal to a server process (e.g. SIGSTOP a backend to simulate a hung server).
    func signal(_ signal: Int32, pid: Int32) -> Bool {
        kill(pid, signal) == 0
    }

    @discardableResult
    static func runScript(_ arguments: [String]) throws -> String {
        try run(["/bin/bash", repositoryRoot.appendingPathComponent("scripts/pg.sh").path] + arguments)
    }

    static func pgBin(_ name: String) -> String {
        let base = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        let newest = versions.compactMap(Int.init).max().map(String.init) ?? "15"
        return "\(base)/\(newest)/bin/\(name)"
    }

    static func asPostgres(_ command: [String]) -> [String] {
        getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command
    }

    @discardableResult
    static func run(_ command: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TestDatabaseError(message: "\(command.joined(separator: " ")) failed (\(process.terminationStatus)): \(text)")
        }
        return text
    }
}
