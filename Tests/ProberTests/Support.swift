import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPClient
import Logging
import OpsCore
@testable import Prober
import ServiceLifecycle
import TestSupport

let repositoryRoot = TestCluster.repositoryRoot

struct SupportError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// scripts/probe-targets.py, started once for the test process (it exits when the process does).
final class ProbeTargets: Sendable {
    let http: Int
    let hang: Int
    let banner: Int
    let dialogue: Int

    static func shared() throws -> ProbeTargets { try sharedResult.get() }

    private static let sharedResult: Result<ProbeTargets, SupportError> = {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-probe-targets-\(UUID().uuidString).json").path
        do {
            // It exits by itself once this test process is gone (it watches the pid given).
            try ChildProcess.detached(["/usr/bin/env", "python3", repositoryRoot.appendingPathComponent("scripts/probe-targets.py").path,
                                       file, String(getpid())])
        } catch {
            return .failure(SupportError("cannot start scripts/probe-targets.py: \(error)"))
        }
        for _ in 0..<200 {
            if let data = FileManager.default.contents(atPath: file),
               let ports = try? JSONSerialization.jsonObject(with: data) as? [String: Int],
               let http = ports["http"], let hang = ports["hang"], let banner = ports["banner"], let dialogue = ports["dialogue"] {
                try? FileManager.default.removeItem(atPath: file)
                return .success(ProbeTargets(http: http, hang: hang, banner: banner, dialogue: dialogue))
            }
            usleep(50_000)
        }
        return .failure(SupportError("scripts/probe-targets.py wrote no ports in 10 s"))
    }()

    private init(http: Int, hang: Int, banner: Int, dialogue: Int) {
        self.http = http
        self.hang = hang
        self.banner = banner
        self.dialogue = dialogue
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(http)\(path)" }
}

/// A prober served in-process on a loopback port, as `opsctl prober` runs it.
final class RunningProber: Sendable {
    let server: ProberServer
    let port: Int
    private let services: InProcessServices

    static func start(yaml: String, environment: [String: String] = [:]) async throws -> RunningProber {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-prober-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try ProberSettings.resolve(flags: .init(configPath: path, listen: "127.0.0.1:0", logLevel: "error"),
                                                  environment: environment)
        let logger = LoggingSetup.logger("test.prober", level: .critical)
        let server = ProberServer(settings: settings, client: sharedClient, environment: environment, version: "test", logger: logger)
        let services = try await InProcessServices.start(listeners: ["http"], logger: logger) { report in
            [server.httpService { report("http", $0) }, server.scheduler]
        }
        return RunningProber(server: server, services: services)
    }

    private init(server: ProberServer, services: InProcessServices) {
        self.server = server
        self.services = services
        port = services.ports["http"] ?? 0
    }

    func stop() async {
        await services.stop()
    }

    func get(_ path: String) async throws -> (status: Int, contentType: String, body: String) {
        try await HTTP.get("http://127.0.0.1:\(port)\(path)")
    }

    /// GETs `path` until `condition` holds or `limit` passes; returns the last answer.
    func poll(_ path: String, within limit: Duration, until condition: ((status: Int, contentType: String, body: String)) -> Bool)
        async throws -> (status: Int, contentType: String, body: String) {
        let deadline = ContinuousClock.now + limit
        while true {
            let answer = try await get(path)
            if condition(answer) || ContinuousClock.now >= deadline { return answer }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// One libcurl client for the whole test process, as a prober has one.
let sharedClient = HTTPClient()


/// Runs one probe the way the scheduler does (hard deadline included) and measures it.
func probe(_ module: ModuleConfig, _ target: String, timeout: Duration = .seconds(2),
           environment: [String: String] = [:]) async -> (result: ProbeResult, log: ProbeLog, seconds: Double) {
    let log = ProbeLog()
    let started = ContinuousClock.now
    let result = await ProberFactory(client: sharedClient, environment: environment).run(module, target: target, timeout: timeout, log: log)
    return (result, log, (ContinuousClock.now - started).seconds)
}

/// Modules read from YAML, as a user writes them (`modules:` of opsctl.yaml's `prober:`).
func modules(_ yaml: String) throws -> [String: ModuleConfig] {
    try ProberConfig(file: ConfigFile.parse(yaml: yaml, source: "test.yaml")).modules
}

func module(_ yaml: String, _ name: String) throws -> ModuleConfig {
    guard let module = try modules(yaml)[name] else { throw SupportError("no module \(name)") }
    return module
}

func builtIn(_ name: String) -> ModuleConfig {
    ModuleConfig.builtIn.first { $0.name == name }!
}

func runProcess(_ command: [String], stdin: String? = nil) throws -> (status: Int32, output: String) {
    try spawnAndWait(command, stdin: stdin)
}

let promtool = "/usr/bin/promtool"

/// The opsctl binary built beside the test bundle.
var opsctlBinary: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("opsctl").path
}

/// Certificates made by openssl for the test: a self-signed one valid for a day and one
/// that expired in 2020, both for CN=localhost / 127.0.0.1.
struct TestCertificates: Sendable {
    let directory: String
    var validCert: String { directory + "/valid.pem" }
    var validKey: String { directory + "/valid.key" }
    var expiredCert: String { directory + "/expired.pem" }
    var expiredKey: String { directory + "/expired.key" }

    static func shared() throws -> TestCertificates { try sharedResult.get() }

    private static let sharedResult: Result<TestCertificates, SupportError> = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-certs-\(UUID().uuidString.prefix(8))").path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // Removed once this test process is gone, however it ends.
            try? ChildProcess.detached(["/usr/bin/setsid", "/bin/bash", "-c",
                                         "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; rm -rf '\(directory)'"])
            let subject = "/CN=localhost"
            let san = "subjectAltName=DNS:localhost,IP:127.0.0.1"
            try TestCluster.run(["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", subject,
                                 "-addext", san, "-keyout", directory + "/valid.key", "-out", directory + "/valid.pem"])
            // An expired certificate: `openssl ca` can set the validity dates (req -x509 cannot in OpenSSL 3.0).
            try """
                [ca]
                default_ca = d
                [d]
                database = \(directory)/index.txt
                serial = \(directory)/serial
                new_certs_dir = \(directory)
                default_md = sha256
                policy = p
                copy_extensions = copy
                [p]
                commonName = supplied

                """.write(toFile: directory + "/ca.cnf", atomically: true, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: directory + "/index.txt", contents: Data())
            try "01\n".write(toFile: directory + "/serial", atomically: true, encoding: .utf8)
            try TestCluster.run(["/usr/bin/openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-addext", san,
                                 "-keyout", directory + "/expired.key", "-out", directory + "/expired.csr"])
            try TestCluster.run(["/usr/bin/openssl", "ca", "-batch", "-notext", "-selfsign", "-config", directory + "/ca.cnf",
                                 "-keyfile", directory + "/expired.key", "-in", directory + "/expired.csr", "-out", directory + "/expired.pem",
                                 "-startdate", "20200101000000Z", "-enddate", "20200102000000Z"])
            return .success(TestCertificates(directory: directory))
        } catch {
            return .failure(SupportError("openssl: \(error)"))
        }
    }()
}

/// `openssl s_server` on a loopback port with a certificate (`-www`: answers GET with a status page).
final class TLSServer: Sendable {
    let port: Int
    private let process: ChildProcess

    init(cert: String, key: String) async throws {
        port = try freeLoopbackPort()
        process = try ChildProcess(["/usr/bin/openssl", "s_server", "-accept", "127.0.0.1:\(port)", "-cert", cert, "-key", key,
                                         "-www", "-quiet", "-naccept", "1000"])
        for _ in 0..<100 {
            if canConnect(port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.stop()
        throw SupportError("openssl s_server did not listen on \(port)")
    }

    func stop() { process.stop() }
}

func canConnect(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}
