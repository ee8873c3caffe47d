import Foundation

/// The loopback servers of Fixtures/servers.py, started once per test process and gone
/// with it (the script exits when its parent process does).
final class LoopbackServers: @unchecked Sendable {
    static let shared: LoopbackServers = {
        do { return try LoopbackServers() } catch { fatalError("cannot start the loopback servers: \(error)") }
    }()

    private let process = Process()
    private var values: [String: String] = [:]

    private init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/servers.py").path
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("ready\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw ServerError.exited(text) }
            text += String(decoding: chunk, as: UTF8.self)
        }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            if fields.count == 2 { values[String(fields[0])] = String(fields[1]) }
        }
    }

    enum ServerError: Error { case exited(String), missing(String) }

    func port(_ name: String) -> Int { values[name].flatMap { Int($0) } ?? 1 }
    func path(_ name: String) -> String { values[name] ?? "/nonexistent" }

    /// `http://127.0.0.1:PORT/path` of the Python HTTP server.
    func http(_ path: String) -> String { "http://127.0.0.1:\(port("http"))\(path)" }
}

/// What a test needs to check a result came in time.
func elapsed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, ContinuousClock.now - start)
}

/// The number of open file descriptors of this process.
func openDescriptors() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

/// The number of threads of this process.
func threadCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1
}

/// VmRSS of this process in KiB.
func residentKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? -1
    }
    return -1
}

/// What the open file descriptors point at, for a failure message.
func descriptorTargets() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return names.sorted().map { name in
        "\(name):" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")) ?? "?")
    }
}
