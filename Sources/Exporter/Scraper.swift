import Logging
import OpsCore

/// One collection of every collector, shared by concurrent scrapes: a scrape arriving while a
/// collection is in flight waits for that one instead of starting another (so concurrent
/// scrapes never multiply database work or connections).
public actor Scraper {
    private let database: any QueryRunner
    private let collectors: [any Collector]
    private let logger: Logger
    private let version: String
    /// For the `pg_up` check (`postgres_health_timeout`).
    private let upTimeout: Duration
    private var inFlight: Task<[MetricFamily], Never>?
    private var collections: Double = 0
    /// Still to do after the first collection that reaches the database (see `StartupPages`).
    private var startupPagesToRelease: Bool

    public init(database: any QueryRunner, config: ExporterConfig, version: String, logger: Logger) {
        self.database = database
        self.logger = logger
        self.version = version
        self.startupPagesToRelease = config.releaseStartupPages
        self.upTimeout = config.postgresHealthTimeout
        let configured = config.postgresHealth
            ? PostgresHealth.collectors(timeout: config.postgresHealthTimeout) + config.collectors : config.collectors
        self.collectors = configured.map { collector -> any Collector in
            switch collector.kind {
            case .query: return QueryCollector(config: collector)
            case .incrementalCounter: return IncrementalCounterCollector(config: collector)
            }
        }
    }

    /// The families of the current (or a fresh) collection.
    public func scrape() async -> [MetricFamily] {
        if let inFlight { return await inFlight.value }
        let task = Task { await self.collectAll() }
        inFlight = task
        let families = await task.value
        inFlight = nil
        return families
    }

    private func collectAll() async -> [MetricFamily] {
        let started = ContinuousClock.now
        collections += 1
        let up = await checkUp()

        var outcomes: [(name: String, success: Bool, seconds: Double, families: [MetricFamily])] = []
        await withTaskGroup(of: (String, Bool, Double, [MetricFamily]).self) { group in
            for collector in collectors {
                group.addTask { [database, logger] in
                    let start = ContinuousClock.now
                    do {
                        guard up else { throw ExporterError.databaseUnreachable }
                        let families = try await Deadline.run(
                            collector.timeout,
                            onTimeout: { ExporterError.timedOut(collector: collector.name, after: collector.timeout) }
                        ) { try await collector.collect(database) }
                        return (collector.name, true, (ContinuousClock.now - start).seconds, families)
                    } catch {
                        if up { logger.warning("collector failed", metadata: ["collector": "\(collector.name)", "error": "\(error)"]) }
                        let kept = await collector.lastKnown()
                        return (collector.name, false, (ContinuousClock.now - start).seconds, kept)
                    }
                }
            }
            for await outcome in group { outcomes.append(outcome) }
        }

        var families: [MetricFamily] = [
            MetricFamily(name: "pg_up", help: "Whether the last scrape could reach the database (1) or not (0).",
                         type: .gauge, samples: [Sample(value: up ? 1 : 0)]),
        ]
        families += outcomes.flatMap(\.families)
        families.append(MetricFamily(
            name: "opsctl_exporter_collector_success", help: "Whether the collector's last run succeeded (1) or failed (0).",
            type: .gauge, samples: outcomes.map { Sample([("collector", $0.name)], $0.success ? 1 : 0) }))
        families.append(MetricFamily(
            name: "opsctl_exporter_collector_duration_seconds", help: "How long the collector's last run took.",
            type: .gauge, samples: outcomes.map { Sample([("collector", $0.name)], $0.seconds) }))
        families.append(MetricFamily(
            name: "opsctl_exporter_scrape_duration_seconds", help: "How long the last collection took.",
            type: .gauge, samples: [Sample(value: (ContinuousClock.now - started).seconds)]))
        families.append(MetricFamily(
            name: "opsctl_exporter_collections_total", help: "Collections run (concurrent scrapes share one).",
            type: .counter, samples: [Sample(value: collections)]))
        families.append(MetricFamily(
            name: "opsctl_exporter_build_info", help: "Build information of the running opsctl exporter.",
            type: .gauge, samples: [Sample([("version", version)], 1)]))
        families += ProcessMetrics.collect()
        if up && startupPagesToRelease {
            startupPagesToRelease = false
            StartupPageRelease.run(after: "first collection", logger: logger)
        }
        return families
    }

    private func checkUp() async -> Bool {
        do {
            _ = try await Deadline.run(upTimeout,
                                       onTimeout: { [upTimeout] in ExporterError.timedOut(collector: "pg_up", after: upTimeout) }) {
                [database, upTimeout] in try await database.query(PostgresHealth.upQuery, [], timeout: upTimeout)
            }
            return true
        } catch {
            logger.warning("database unreachable", metadata: ["error": "\(error)"])
            return false
        }
    }
}
