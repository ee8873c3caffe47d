import OpsCore
import Postgres

/// Counters over an append-only table (the Gmail API call ledger) that cost O(new rows +
/// open gaps) per scrape and count every committed row once, late commits included.
///
/// The reading is a `LedgerTail` (Postgres module; docs/ledger-tail.md): the query gets
/// `$1` = the cursor (highest id read), `$2` = the batch size and `$3` = the open gaps (ids
/// skipped below the cursor, re-checked by primary key), returns the new and the late rows
/// aggregated by the label columns, and names each group's ids in `id_column`
/// (`array_agg(id)`). Values are added to running totals in memory. A gap empty for
/// `late_commit_window` (a rollback, or a commit later than that bound) is given up and
/// counted in `opsctl_exporter_ledger_gaps_expired_total`, never silently; rows that filled
/// a gap are counted in the totals and in `opsctl_exporter_ledger_late_rows_total`.
///
/// Start: `start_query` gives the starting cursor — the default config uses the current
/// `max(id)`, so totals count calls committed since the exporter started (an exporter restart
/// is a counter reset, which `rate()`/`increase()` handle) — and, in an optional `open_gaps`
/// column, the ids below it that are not visible yet: inserts still in flight at start, which
/// commit after it and so belong to this exporter's count (without them a restart would lose
/// every call in flight at that moment, counted by neither the old exporter nor the new). An optional `seed_query` lists the label
/// sets seen in a recent, index-bounded window so those series exist at 0 from the first scrape.
/// More than `batch_size` new rows are caught up over the following scrapes.
actor IncrementalCounterCollector: Collector {
    let config: CollectorConfig
    nonisolated var name: String { config.name }
    nonisolated var timeout: Duration { config.timeout }

    /// nil until `start_query` succeeded.
    private var tail: LedgerTail?
    /// Per metric (index into config.metrics): label values -> total.
    private var totals: [[LabelKey: Double]]
    private var lateRows: Double = 0
    private var expiredGaps: Double = 0
    private var evictedGaps: Double = 0
    private var running = false

    struct LabelKey: Hashable, Sendable {
        var keyValues: [String]
        var valueColumn: String
    }

    /// The optional `start_query` column listing ids at or below the starting cursor that are
    /// not visible at start (a `bigint[]`).
    static let openGapsColumn = "open_gaps"

    init(config: CollectorConfig) {
        self.config = config
        self.totals = Array(repeating: [:], count: config.metrics.count)
    }

    /// The highest ledger id read (nil before the start).
    var cursor: Int64? { tail?.cursor }

    func collect(_ database: any QueryRunner) async throws -> [MetricFamily] {
        guard !running else { throw ExporterError.previousRunStillActive(collector: config.name) }
        running = true
        defer { running = false }

        let current: LedgerTail
        if let tail { current = tail } else { current = try await initialize(database) }
        let read = current.nextRead()
        let result = try await database.query(read.sql, read.parameters, timeout: config.timeout)
        for spec in config.metrics {
            try RowMapper.checkColumns(spec, in: result, collector: config.name)
        }
        // Compute the new totals and tail fully before committing, so a bad row changes nothing.
        var updated = totals
        for row in result.rows {
            for (index, spec) in config.metrics.enumerated() {
                guard let keys = RowMapper.keyValues(spec, row: row) else { continue }
                for column in spec.valueColumns {
                    guard let value = try RowMapper.value(column, row: row, collector: config.name) else { continue }
                    updated[index][LabelKey(keyValues: keys, valueColumn: column), default: 0] += value
                }
            }
        }
        var advanced = current
        let batch: LedgerBatch
        do {
            batch = try advanced.absorb(result, of: read, now: .now)
        } catch .missingIdColumn(let column, let available) {
            throw ExporterError.missingColumn(collector: config.name, column: column, available: available)
        } catch {
            throw ExporterError.ledger(collector: config.name, error)
        }
        totals = updated
        tail = advanced
        lateRows += Double(batch.lateRows)
        expiredGaps += Double(batch.expiredGaps)
        evictedGaps += Double(batch.evictedGaps)
        return families()
    }

    func lastKnown() async -> [MetricFamily] {
        tail == nil ? [] : families()
    }

    /// Reads the starting cursor and seeds label sets at 0; commits only when both succeed.
    private func initialize(_ database: any QueryRunner) async throws -> LedgerTail {
        var start: Int64 = 0
        var openGaps: [Int64] = []
        if let startQuery = config.startQuery {
            let result = try await database.query(startQuery, [], timeout: config.timeout)
            guard result.columns.contains(config.cursorColumn) else {
                throw ExporterError.missingColumn(collector: config.name, column: config.cursorColumn, available: result.columns)
            }
            start = result.rows.first?.int64(config.cursorColumn) ?? 0
            // Ids below the start that are not visible yet (inserts still in flight at start):
            // re-checked like any gap, so a row committing after the start counts.
            if let text = result.rows.first?.string(Self.openGapsColumn) {
                guard let ids = LedgerTail.parseIds(text) else {
                    throw ExporterError.ledger(collector: config.name, LedgerTailError.badId(column: Self.openGapsColumn, value: text))
                }
                openGaps = ids
            }
        }
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
        let started = LedgerTail(sql: config.query, cursor: start, settings: config.ledgerSettings, openGaps: openGaps)
        totals = seeded
        tail = started
        return started
    }

    private func families() -> [MetricFamily] {
        let counters = config.metrics.enumerated().map { index, spec in
            let samples = totals[index].map { key, total in
                Sample(labels: RowMapper.labels(spec, keyValues: key.keyValues, valueColumn: key.valueColumn), value: total)
            }
            return MetricFamily(name: spec.name, help: spec.help, type: .counter, samples: samples)
        }
        let collector = ("collector", config.name)
        let family = Self.ledgerFamilies
        return counters + [
            MetricFamily(name: family.lateRows.name, help: family.lateRows.help, type: .counter,
                         samples: [Sample([collector], lateRows)]),
            MetricFamily(name: family.gapsExpired.name, help: family.gapsExpired.help, type: .counter, samples: [
                Sample([collector, ("reason", "late_commit_window")], expiredGaps),
                Sample([collector, ("reason", "max_gaps")], evictedGaps),
            ]),
            MetricFamily(name: family.openGaps.name, help: family.openGaps.help, type: .gauge,
                         samples: [Sample([collector], Double(tail?.openGaps ?? 0))]),
        ]
    }

    /// The tail's own families, beside the configured counters (also listed by MetricCatalogue).
    struct LedgerFamily: Sendable {
        var name: String
        var help: String
        var type: MetricType
        var labels: [String]
    }
    static let ledgerFamilies = (
        lateRows: LedgerFamily(
            name: "opsctl_exporter_ledger_late_rows_total",
            help: "Ledger rows that committed after a larger id had been read, found by the gap re-check (also in the collector's counters).",
            type: .counter, labels: ["collector"]),
        gapsExpired: LedgerFamily(
            name: "opsctl_exporter_ledger_gaps_expired_total",
            help: "Ledger ids given up without a row: empty for late_commit_window (a rollback, or a commit later than that bound) or evicted past max_gaps.",
            type: .counter, labels: ["collector", "reason"]),
        openGaps: LedgerFamily(
            name: "opsctl_exporter_ledger_open_gaps",
            help: "Ledger ids skipped below the cursor and still re-checked for a late commit on every scrape.",
            type: .gauge, labels: ["collector"])
    )
}
