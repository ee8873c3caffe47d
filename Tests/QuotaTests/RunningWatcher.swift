import Foundation
import Logging
import OpsCore
import Postgres
import Quota
import ServiceLifecycle
import TestSupport

/// A quota watcher served in-process on loopback ports, as `opsctl quota-watcher` runs it.
final class RunningWatcher: Sendable {
    let server: WatcherServer
    let metricsPort: Int
    let admissionPort: Int
    private let services: InProcessServices

    static func start(ledger: Ledger, extraYAML: String = "", environment: [String: String] = [:]) async throws -> RunningWatcher {
        let config = try ledger.configFile(extra: "  watcher:\n    poll_interval: 200ms\n" + extraYAML)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let settings = try QuotaSettings.resolve(
            flags: .init(configPath: config, databaseURL: ledger.database.url, listen: "127.0.0.1:0",
                         admissionListen: "127.0.0.1:0", logLevel: "error"),
            environment: environment, applicationName: "opsctl-quota-watcher-test")
        let logger = LoggingSetup.logger("test.quota", level: .critical)
        let server = WatcherServer(settings: settings, logger: logger)
        let services = try await InProcessServices.start(listeners: ["metrics", "admission"], logger: logger) { report in
            [server.metricsService { report("metrics", $0) }, server.admissionService { report("admission", $0) }, server.tickService]
        }
        return RunningWatcher(server: server, services: services)
    }

    private init(server: WatcherServer, services: InProcessServices) {
        self.server = server
        self.services = services
        metricsPort = services.ports["metrics"] ?? 0
        admissionPort = services.ports["admission"] ?? 0
    }

    func stop() async {
        await services.stop()
        await server.pool.close()
    }

    func metrics() async throws -> ParsedMetrics {
        let response = try await HTTP.get("http://127.0.0.1:\(metricsPort)/metrics")
        return ParsedMetrics(response.body)
    }

    func admission(_ pathAndQuery: String) async throws -> (status: Int, json: [String: Any]) {
        let response = try await HTTP.get("http://127.0.0.1:\(admissionPort)\(pathAndQuery)")
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any] ?? [:]
        return (response.status, object)
    }

    /// Waits (up to `seconds`) until `condition` holds on a scrape; returns the last scrape.
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 20, _ condition: (ParsedMetrics) -> Bool) async throws -> ParsedMetrics {
        let deadline = Date().addingTimeInterval(seconds)
        var last = try await metrics()
        while !condition(last) {
            guard Date() < deadline else { throw TestDatabaseError(message: "timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(100))
            last = try await metrics()
        }
        return last
    }
}
