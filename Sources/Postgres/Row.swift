/// One result row. Accessors return nil for SQL NULL, for a column the result does not have,
/// and for a value that does not convert to the asked type.
public struct Row: Sendable {
    let index: ColumnIndex
    /// Text-format values, nil for NULL.
    public let values: [String?]

    init(index: ColumnIndex, values: [String?]) {
        self.index = index
        self.values = values
    }

    public subscript(index: Int) -> String? {
        values.indices.contains(index) ? values[index] : nil
    }

    public func string(_ column: String) -> String? {
        guard let position = index.positions[column] else { return nil }
        return self[position]
    }

    /// Numbers of any SQL numeric type, including PostgreSQL's `NaN`, `Infinity`, `-Infinity`.
    public func double(_ column: String) -> Double? {
        guard let text = string(column) else { return nil }
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    /// Integers (smallint, int, bigint); nil for a fraction or out of range.
    public func int64(_ column: String) -> Int64? {
        string(column).flatMap { Int64($0) }
    }

    /// Booleans in PostgreSQL's text form (`t`/`f`), and `true`/`false`.
    public func bool(_ column: String) -> Bool? {
        switch string(column) {
        case "t", "true": return true
        case "f", "false": return false
        default: return nil
        }
    }

    /// Whether the column exists and is SQL NULL.
    public func isNull(_ column: String) -> Bool {
        guard let position = index.positions[column] else { return false }
        return self[position] == nil
    }
}
