import Foundation
import OpsCore

/// Every metric family `opsctl exporter` serves with a given configuration: the configured
/// collectors' metrics, the built-in PostgreSQL health (when `postgres_health` is on), `pg_up`,
/// the exporter's self-metrics and the `process_*` families. `opsctl exporter --list-metrics`
/// prints it; the ops-content test reads it to check that alerts and dashboards only use
/// metrics that exist. Names are the names Prometheus stores (counters end in `_total`).
public struct MetricCatalogue: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Codable {
        public var name: String
        public var type: String
        public var help: String
        public var labels: [String]
        /// The collector whose run produces it (`collector` label of the self-metrics), or
        /// `exporter` / `process` for the families every scrape carries.
        public var collector: String
    }

    /// Where the collectors came from (a file path or the built-in default's label).
    public var source: String
    public var entries: [Entry]

    public init(config: ExporterConfig, source: String) {
        self.source = source
        var entries = [Entry(name: "pg_up", type: MetricType.gauge.rawValue,
                             help: "Whether the last scrape could reach the database (1) or not (0).",
                             labels: [], collector: "exporter")]
        let health = config.postgresHealth ? PostgresHealth.collectors(timeout: config.postgresHealthTimeout) : []
        for collector in health + config.collectors {
            for spec in collector.metrics {
                let labels = spec.keyLabels + (spec.valueLabel.map { [$0] } ?? []) + spec.staticLabels.map(\.0)
                entries.append(Entry(name: Self.storedName(spec.name, spec.type), type: spec.type.rawValue,
                                     help: spec.help, labels: labels, collector: collector.name))
            }
        }
        entries += Self.selfMetrics
        entries += ProcessMetrics.collect().map {
            Entry(name: Self.storedName($0.name, $0.type), type: $0.type.rawValue, help: $0.help, labels: [], collector: "process")
        }
        // One entry per name, the first one winning, as the encoder merges same-name families.
        var seen: Set<String> = []
        self.entries = entries.filter { seen.insert($0.name).inserted }
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

    /// The sample name Prometheus stores: counters carry `_total` (the encoder adds it).
    static func storedName(_ name: String, _ type: MetricType) -> String {
        type == .counter && !name.hasSuffix("_total") ? name + "_total" : name
    }

    /// An aligned table: name, type, labels, collector, help.
    public func text() -> String {
        let rows = entries.map { [$0.name, $0.type, $0.labels.isEmpty ? "-" : $0.labels.joined(separator: ","), $0.collector, $0.help] }
        let header = ["METRIC", "TYPE", "LABELS", "COLLECTOR", "HELP"]
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated().dropLast() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var out = "# opsctl exporter: \(entries.count) metrics from \(source)\n"
        out += line(header) + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    /// `{"job": "exporter", "source": …, "metrics": [{"name", "type", "help", "labels", "collector"}]}`.
    public func json() throws -> String {
        struct Document: Encodable {
            var job: String
            var source: String
            var metrics: [Entry]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(job: "exporter", source: source, metrics: entries))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
