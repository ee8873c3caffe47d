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
    private let group: ServiceGroup
    private let task: Task<Void, Error>

    static func start(ledger: Ledger, extraYAML: String = "", environment: [String: String] = [:]) async throws -> RunningWatcher {
        let config = try ledger.configFile(extra: "  watcher:\n    poll_interval: 200ms\n" + extraYAML)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let settings = try QuotaSettings.resolve(
            flags: .init(configPath: config, databaseURL: ledger.database.url, listen: "127.0.0.1:0",
                         admissionListen: "127.0.0.1:0", logLevel: "error"),
            environment: environment, applicationName: "opsctl-quota-watcher-test")
        let logger = LoggingSetup.logger("test.quota", level: .critical)
        let server = WatcherServer(settings: settings, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: (String, Int).self)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: server.metricsService { continuation.yield(("metrics", $0)) }),
                       .init(service: server.admissionService { continuation.yield(("admission", $0)) }),
                       .init(service: server.tickService)],
            logger: logger))
        let task = Task { try await group.run() }
        var found: [String: Int] = [:]
        for await (name, port) in ports {
            found[name] = port
            if found.count == 2 { break }
        }
        guard let metrics = found["metrics"], let admission = found["admission"] else {
            throw TestDatabaseError(message: "watcher did not start")
        }
        return RunningWatcher(server: server, metricsPort: metrics, admissionPort: admission, group: group, task: task)
    }

    private init(server: WatcherServer, metricsPort: Int, admissionPort: Int, group: ServiceGroup, task: Task<Void, Error>) {
        self.server = server
        self.metricsPort = metricsPort
        self.admissionPort = admissionPort
        self.group = group
        self.task = task
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
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
