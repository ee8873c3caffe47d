import Foundation

/// The metric families one opsctl job serves: `opsctl exporter|quota-watcher|prober --list-metrics`
/// prints it (text or JSON), and the ops-content test reads it to check that alerts and
/// dashboards only use metrics that exist. Names are the names Prometheus stores (counters end
/// in `_total`). Each job builds its entries; the rendering is here, one for all.
public struct MetricCatalogue: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Codable {
        public var name: String
        public var type: String
        public var help: String
        public var labels: [String]
        /// What produces it: a collector's name, a check's module, or the job itself.
        public var collector: String

        public init(name: String, type: String, help: String, labels: [String], collector: String) {
            self.name = name
            self.type = type
            self.help = help
            self.labels = labels
            self.collector = collector
        }
    }

    /// `exporter`, `quota-watcher`, `prober`.
    public var job: String
    /// Where the configuration came from (a file path or the built-in default's label).
    public var source: String
    public var entries: [Entry]

    /// One entry per name, the first one winning, as the encoder merges same-name families.
    public init(job: String, source: String, entries: [Entry]) {
        self.job = job
        self.source = source
        var seen: Set<String> = []
        self.entries = entries.filter { seen.insert($0.name).inserted }
    }

    /// Entries for families as a job would serve them: labels are those of their samples
    /// (so give families with at least one representative sample).
    public static func entries(_ families: [MetricFamily], collector: String) -> [Entry] {
        families.map { family in
            var labels: [String] = []
            for sample in family.samples {
                for label in sample.labels.map(\.name) where !labels.contains(label) { labels.append(label) }
            }
            return Entry(name: storedName(family.name, family.type), type: family.type.rawValue,
                         help: family.help, labels: labels, collector: collector)
        }
    }

    /// The sample name Prometheus stores: counters carry `_total` (the encoder adds it).
    public static func storedName(_ name: String, _ type: MetricType) -> String {
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
        var out = "# opsctl \(job): \(entries.count) metrics from \(source)\n"
        out += line(header) + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    /// `{"job": …, "source": …, "metrics": [{"name", "type", "help", "labels", "collector"}]}`.
    public func json() throws -> String {
        struct Document: Encodable {
            var job: String
            var source: String
            var metrics: [Entry]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(job: job, source: source, metrics: entries))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
