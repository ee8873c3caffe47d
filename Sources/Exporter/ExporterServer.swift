import Logging
import OpsCore
import Postgres
import ServiceLifecycle

/// The running exporter: a pool of at most `maxConnections` database connections, the shared
/// scraper, and the HTTP server with `/metrics`, `/healthz` and a landing page at `/`.
public struct ExporterServer: Sendable {
    public let settings: ExporterSettings
    public let scraper: Scraper
    public let pool: PostgresPool
    private let logger: Logger

    public init(settings: ExporterSettings, version: String, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.pool = PostgresPool(config: settings.database, maxConnections: settings.config.maxConnections,
                                 backoff: Backoff(initial: .milliseconds(250), maximum: .seconds(2)), logger: logger)
        self.scraper = Scraper(database: pool, config: settings.config, version: version, logger: logger)
    }

    /// The HTTP service; `onListening` gets the bound port (useful with port 0 in tests).
    public func httpService(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        let scraper = self.scraper
        let routes = [
            HTTPRoute("/metrics") { request in
                let format = ExpositionFormat.negotiate(accept: request.accept)
                let families = await scraper.scrape()
                return HTTPReply(contentType: format.contentType, body: ExpositionEncoder.encode(families, format: format))
            },
            HTTPRoute("/healthz") { _ in HTTPReply(body: "ok\n") },
            HTTPRoute("/") { _ in
                HTTPReply(contentType: "text/html; charset=utf-8", body: LandingPage.html(collectors: settings.config.collectors.map(\.name)))
            },
        ]
        return HTTPServer.make(listen: settings.listen, routes: routes, logger: logger, onListening: onListening)
    }

    /// Serves until SIGTERM or SIGINT, then stops the server and closes the pool.
    public func run() async throws {
        logger.info("opsctl exporter starting", metadata: [
            "listen": "\(settings.listen)",
            "config": "\(settings.configSource)",
            "database": "\(settings.database.redacted)",
            "collectors": "\(settings.config.collectors.count)",
        ])
        if settings.config.releaseStartupPages { StartupPageRelease.run(after: "configuration", logger: logger) }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: httpService(onListening: { [settings, logger] _ in
                if settings.config.releaseStartupPages { StartupPageRelease.run(after: "start-up", logger: logger) }
            }))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
        await pool.close()
        logger.info("opsctl exporter stopped")
    }
}
