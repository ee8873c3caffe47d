import Foundation
import OpsCore

/// Every metric family `opsctl exporter` serves with a given configuration: the configured
/// collectors' metrics, the built-in PostgreSQL health (when `postgres_health` is on), `pg_up`,
/// the exporter's self-metrics and the `process_*` families. `opsctl exporter --list-metrics`
/// prints it; the ops-content test reads it to check that alerts and dashboards only use
/// metrics that exist. Names are the names Prometheus stores (counters end in `_total`).
public enum ExporterCatalogue {
    public typealias Entry = MetricCatalogue.Entry

    public static func catalogue(config: ExporterConfig, source: String) -> MetricCatalogue {
        var entries = [Entry(name: "pg_up", type: MetricType.gauge.rawValue,
                             help: "Whether the last scrape could reach the database (1) or not (0).",
                             labels: [], collector: "exporter")]
        let health = config.postgresHealth ? PostgresHealth.collectors(timeout: config.postgresHealthTimeout) : []
        for collector in health + config.collectors {
            for spec in collector.metrics {
                let labels = spec.keyLabels + (spec.valueLabel.map { [$0] } ?? []) + spec.staticLabels.map(\.0)
                entries.append(Entry(name: MetricCatalogue.storedName(spec.name, spec.type), type: spec.type.rawValue,
                                     help: spec.help, labels: labels, collector: collector.name))
            }
            if collector.kind == .incrementalCounter {
                let f = IncrementalCounterCollector.ledgerFamilies
                for family in [f.lateRows, f.gapsExpired, f.openGaps] {
                    entries.append(Entry(name: family.name, type: family.type.rawValue, help: family.help,
                                         labels: family.labels, collector: collector.name))
                }
            }
        }
        entries += selfMetrics
        entries += MetricCatalogue.entries(ProcessMetrics.collect(), collector: "process")
        return MetricCatalogue(job: "exporter", source: source, entries: entries)
    }

    /// The families `Scraper` adds to every collection, besides `pg_up`.
    static let selfMetrics: [Entry] = [
        Entry(name: "opsctl_exporter_collector_success", type: "gauge",
              help: "Whether the collector's last run succeeded (1) or failed (0).", labels: ["collector"], collector: "exporter"),
        Entry(name: "opsctl_exporter_collector_duration_seconds", type: "gauge",
              help: "How long the collector's last run took.", labels: ["collector"], collector: "exporter"),
        Entry(name: "opsctl_exporter_scrape_duration_seconds", type: "gauge",
              help: "How long the last collection took.", labels: [], collector: "exporter"),
        Entry(name: "opsctl_exporter_collections_total", type: "counter",
              help: "Collections run (concurrent scrapes share one).", labels: [], collector: "exporter"),
        Entry(name: "opsctl_exporter_build_info", type: "gauge",
              help: "Build information of the running opsctl exporter.", labels: ["version"], collector: "exporter"),
    ]
}
