/// The rows of one statement, values in PostgreSQL's text format.
public struct QueryResult: Sendable {
    public let columns: [String]
    public let rows: [Row]
    /// The command tag, e.g. "SELECT 3".
    public let commandTag: String

    public init(columns: [String], rows: [Row], commandTag: String = "") {
        self.columns = columns
        self.rows = rows
        self.commandTag = commandTag
    }

    /// Builds rows from text values (`nil` is SQL NULL); each row has `columns.count` values.
    public init(columns: [String], values: [[String?]], commandTag: String = "") {
        let index = ColumnIndex(columns)
        self.init(columns: columns, rows: values.map { Row(index: index, values: $0) }, commandTag: commandTag)
    }
}

/// Column name -> position, shared by every row of a result.
final class ColumnIndex: Sendable {
    let positions: [String: Int]

    init(_ columns: [String]) {
        var positions: [String: Int] = [:]
        for (position, name) in columns.enumerated() where positions[name] == nil {
            positions[name] = position   // the first of duplicate names wins, as in psql's \gset
        }
        self.positions = positions
    }
}
