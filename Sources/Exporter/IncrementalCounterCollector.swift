import OpsCore
import Postgres

/// Counters over an append-only table (the Gmail API call ledger) that cost O(new rows) per
/// scrape: the query gets `$1` = the last id read and `$2` = the batch size, reads only rows
/// past it (`WHERE id > $1 ORDER BY id LIMIT $2`, aggregated by the label columns) and returns
/// the largest id read in its cursor column. Values are added to running totals in memory.
///
/// Start: `start_query` gives the starting cursor — the default config uses the current
/// `max(id)`, so totals count calls made since the exporter started (an exporter restart is a
/// counter reset, which `rate()`/`increase()` handle). An optional `seed_query` lists the label
/// sets seen in a recent, index-bounded window so those series exist at 0 from the first scrape.
/// More than `batch_size` new rows are caught up over the following scrapes.
actor IncrementalCounterCollector: Collector {
    let config: CollectorConfig
    nonisolated var name: String { config.name }
    nonisolated var timeout: Duration { config.timeout }

    private(set) var cursor: Int64?
    /// Per metric (index into config.metrics): label values -> total.
    private var totals: [[LabelKey: Double]]
    private var running = false

    struct LabelKey: Hashable, Sendable {
        var keyValues: [String]
        var valueColumn: String
    }

    init(config: CollectorConfig) {
        self.config = config
        self.totals = Array(repeating: [:], count: config.metrics.count)
    }

    func collect(_ database: any QueryRunner) async throws -> [MetricFamily] {
        guard !running else { throw ExporterError.previousRunStillActive(collector: config.name) }
        running = true
        defer { running = false }

        let start: Int64
        if let cursor {
            start = cursor
        } else {
            start = try await initialize(database)
        }
        let result = try await database.query(config.query, [String(start), String(config.batchSize)],
                                              timeout: config.timeout)
        guard result.columns.contains(config.cursorColumn) else {
            throw ExporterError.missingColumn(collector: config.name, column: config.cursorColumn, available: result.columns)
        }
        for spec in config.metrics {
            try RowMapper.checkColumns(spec, in: result, collector: config.name)
        }
        // Compute the new totals fully before committing, so a bad row changes nothing.
        var updated = totals
        var newCursor = start
        for row in result.rows {
            if let id = row.int64(config.cursorColumn) { newCursor = max(newCursor, id) }
            for (index, spec) in config.metrics.enumerated() {
                guard let keys = RowMapper.keyValues(spec, row: row) else { continue }
                for column in spec.valueColumns {
                    guard let value = try RowMapper.value(column, row: row, collector: config.name) else { continue }
                    updated[index][LabelKey(keyValues: keys, valueColumn: column), default: 0] += value
                }
            }
        }
        totals = updated
        cursor = newCursor
        return families()
    }

    func lastKnown() async -> [MetricFamily] {
        cursor == nil ? [] : families()
    }

    /// Reads the starting cursor and seeds label sets at 0; commits only when both succeed.
    private func initialize(_ database: any QueryRunner) async throws -> Int64 {
        guard let startQuery = config.startQuery else { return 0 }
        let result = try await database.query(startQuery, [], timeout: config.timeout)
        guard result.columns.contains(config.cursorColumn) else {
            throw ExporterError.missingColumn(collector: config.name, column: config.cursorColumn, available: result.columns)
        }
        let start = result.rows.first?.int64(config.cursorColumn) ?? 0
        var seeded = totals
        if let seedQuery = config.seedQuery {
            let seeds = try await database.query(seedQuery, [], timeout: config.timeout)
            for (index, spec) in config.metrics.enumerated()
            where spec.keyLabels.allSatisfy(seeds.columns.contains) {
                for row in seeds.rows {
                    guard let keys = RowMapper.keyValues(spec, row: row) else { continue }
                    for column in spec.valueColumns {
                        seeded[index][LabelKey(keyValues: keys, valueColumn: column), default: 0] += 0
                    }
                }
            }
        }
        totals = seeded
        cursor = start
        return start
    }

    private func families() -> [MetricFamily] {
        config.metrics.enumerated().map { index, spec in
            let samples = totals[index].map { key, total in
                Sample(labels: RowMapper.labels(spec, keyValues: key.keyValues, valueColumn: key.valueColumn), value: total)
            }
            return MetricFamily(name: spec.name, help: spec.help, type: .counter, samples: samples)
        }
    }
}
