import OpsCore

/// Runs one configured SQL statement on scrape and maps its rows to metrics. With
/// `min_interval`, a result younger than the interval is served again without a query.
actor QueryCollector: Collector {
    let config: CollectorConfig
    nonisolated var name: String { config.name }
    nonisolated var timeout: Duration { config.timeout }

    private var cached: (at: ContinuousClock.Instant, families: [MetricFamily])?
    private var running = false

    init(config: CollectorConfig) {
        self.config = config
    }

    func collect(_ database: any QueryRunner) async throws -> [MetricFamily] {
        if let cached, let interval = config.minInterval, ContinuousClock.now - cached.at < interval {
            return cached.families
        }
        guard !running else { throw ExporterError.previousRunStillActive(collector: config.name) }
        running = true
        defer { running = false }
        let result = try await database.query(config.query, [], timeout: config.timeout)
        let families = try RowMapper.families(config.metrics, result: result, collector: config.name)
        if config.minInterval != nil { cached = (ContinuousClock.now, families) }
        return families
    }
}
