import Foundation
import Logging
import OpsCore
import Postgres
import ServiceLifecycle

/// `opsctl quota-watcher`: the engine's tick loop, `/metrics` + `/healthz` + `/` on one
/// address and the admission API on its own (loopback by default), run under
/// swift-service-lifecycle so SIGTERM stops all three cleanly.
public struct WatcherServer: Sendable {
    public let settings: QuotaSettings
    public let pool: PostgresPool
    public let watcher: QuotaWatcher
    let metrics: WatcherMetrics
    let logger: Logger

    public init(settings: QuotaSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.pool = PostgresPool(config: settings.database, maxConnections: 1,
                                 backoff: Backoff(initial: .milliseconds(250), maximum: .seconds(2)), logger: logger)
        self.watcher = QuotaWatcher(runner: pool, config: settings.config, logger: logger)
        self.metrics = WatcherMetrics(topK: settings.config.watcher.topUsers, pseudonym: Pseudonym(key: settings.pseudonymKey))
    }

    public func metricsService(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        let watcher = self.watcher
        let metrics = self.metrics
        let routes = [
            HTTPRoute("/metrics") { request in
                let format = ExpositionFormat.negotiate(accept: request.accept)
                let families = await watcher.families(metrics)
                return HTTPReply(contentType: format.contentType, body: ExpositionEncoder.encode(families, format: format))
            },
            HTTPRoute("/healthz") { _ in HTTPReply(body: "ok\n") },
            HTTPRoute("/") { _ in
                HTTPReply(contentType: "text/html; charset=utf-8",
                          body: "<html><head><title>opsctl quota-watcher</title></head><body><h1>opsctl quota-watcher</h1><p><a href=\"/metrics\">Metrics</a> · <a href=\"/healthz\">Health</a></p><p>Admission API on its own address: /v1/quota/check?user=U&amp;units=N, /v1/quota/users/{user}</p></body></html>\n")
            },
        ]
        return HTTPServer.make(listen: settings.listen, routes: routes, logger: logger, onListening: onListening)
    }

    public func admissionService(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        HTTPServer.make(listen: settings.admissionListen, routes: AdmissionRoutes.routes(watcher), logger: logger, onListening: onListening)
    }

    public var tickService: TickLoop { TickLoop(watcher: watcher, interval: settings.config.watcher.pollInterval) }

    /// Serves until SIGTERM or SIGINT.
    public func run() async throws {
        logger.info("opsctl quota-watcher starting", metadata: [
            "listen": "\(settings.listen)", "admission_listen": "\(settings.admissionListen)",
            "config": "\(settings.configSource)", "database": "\(settings.database.redacted)",
            "ledger": "\(settings.config.ledgerTable)", "pseudonymized": "\(settings.pseudonymKey != nil)",
        ])
        // Once listening, give back the pages only start-up touched (as every sidecar does).
        let logger = self.logger
        let metrics = metricsService(onListening: { _ in StartupPageRelease.run(after: "start-up", logger: logger) })
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: metrics), .init(service: admissionService()), .init(service: tickService)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
        await pool.close()
        logger.info("opsctl quota-watcher stopped")
    }
}

/// Ticks the watcher every `interval` until graceful shutdown.
public struct TickLoop: Service {
    let watcher: QuotaWatcher
    let interval: Duration

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await watcher.tick()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Graceful shutdown: the loop ends between ticks.
        }
    }
}
