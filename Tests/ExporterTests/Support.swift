import Exporter
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import OpsCore
import Postgres
import ServiceLifecycle
import TestSupport

/// An exporter served in-process on a loopback port, as `opsctl exporter` runs it.
final class RunningExporter: Sendable {
    let server: ExporterServer
    let port: Int
    var applicationName: String { server.settings.database.applicationName }
    private let services: InProcessServices

    /// `yaml`: an opsctl.yaml text, or nil for the built-in default.
    static func start(yaml: String? = nil, databaseURL: String) async throws -> RunningExporter {
        var configPath: String?
        if let yaml {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-\(UUID().uuidString).yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            configPath = path
        }
        var settings = try ExporterSettings.resolve(
            flags: .init(configPath: configPath, databaseURL: databaseURL, listen: "127.0.0.1:0", logLevel: "error"),
            environment: [:])
        if let configPath { try? FileManager.default.removeItem(atPath: configPath) }   // read once, at resolve
        // Unique per exporter, so a test can find its own sessions in pg_stat_activity.
        settings.database.applicationName = "opsctl-exporter-test-\(UUID().uuidString.prefix(8))"
        let logger = LoggingSetup.logger("test.exporter", level: .critical)
        let server = ExporterServer(settings: settings, version: "test", logger: logger)
        let services = try await InProcessServices.start(listeners: ["http"], logger: logger) { report in
            [server.httpService { report("http", $0) }]
        }
        return RunningExporter(server: server, services: services)
    }

    private init(server: ExporterServer, services: InProcessServices) {
        self.server = server
        self.services = services
        port = services.ports["http"] ?? 0
    }

    func stop() async {
        await services.stop()
        await server.pool.close()
    }

    /// GET a path; returns status, content type and body.
    func get(_ path: String, accept: String? = nil) async throws -> (status: Int, contentType: String, body: String) {
        try await HTTP.get("http://127.0.0.1:\(port)\(path)", accept: accept)
    }
}


/// Runs a command and returns its exit status and combined output.
func runProcess(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> (status: Int32, output: String) {
    try spawnAndWait([executable] + arguments, stdin: stdin)
}

