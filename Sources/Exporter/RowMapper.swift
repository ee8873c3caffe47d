import OpsCore
import Postgres

/// Turns result rows into samples for one metric spec. Rows with NULL in a key-label column
/// or in the value column are skipped (no sample), so SQL decides what exists.
enum RowMapper {
    /// Checks that every column the spec names is in the result.
    static func checkColumns(_ spec: MetricSpec, in result: QueryResult, collector: String) throws {
        for column in spec.keyLabels + spec.valueColumns where !result.columns.contains(column) {
            throw ExporterError.missingColumn(collector: collector, column: column, available: result.columns)
        }
    }

    /// Label values of the key columns, or nil when one is NULL.
    static func keyValues(_ spec: MetricSpec, row: Row) -> [String]? {
        var values: [String] = []
        values.reserveCapacity(spec.keyLabels.count)
        for column in spec.keyLabels {
            guard let value = row.string(column) else { return nil }
            values.append(value)
        }
        return values
    }

    static func value(_ column: String, row: Row, collector: String) throws -> Double? {
        guard let text = row.string(column) else { return nil }
        guard let value = row.double(column) else {
            throw ExporterError.badValue(collector: collector, column: column, value: String(text.prefix(40)))
        }
        return value
    }

    /// The full label list of a sample: key labels, the value label, then static labels.
    static func labels(_ spec: MetricSpec, keyValues: [String], valueColumn: String) -> [Label] {
        var labels = zip(spec.keyLabels, keyValues).map { Label(name: $0.0, value: $0.1) }
        if let valueLabel = spec.valueLabel { labels.append(Label(name: valueLabel, value: valueColumn)) }
        labels += spec.staticLabels.map { Label(name: $0.0, value: $0.1) }
        return labels
    }

    /// One family per spec from a plain query result.
    static func families(_ specs: [MetricSpec], result: QueryResult, collector: String) throws -> [MetricFamily] {
        try specs.map { spec in
            try checkColumns(spec, in: result, collector: collector)
            var samples: [Sample] = []
            for row in result.rows {
                guard let keys = keyValues(spec, row: row) else { continue }
                for column in spec.valueColumns {
                    guard let value = try value(column, row: row, collector: collector) else { continue }
                    samples.append(Sample(labels: labels(spec, keyValues: keys, valueColumn: column), value: value))
                }
            }
            return MetricFamily(name: spec.name, help: spec.help, type: spec.type, samples: samples)
        }
    }
}
