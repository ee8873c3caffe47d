import Postgres

/// Why a collector produced no fresh samples. Descriptions go to the log, never a password.
public enum ExporterError: Error, Sendable, CustomStringConvertible {
    case timedOut(collector: String, after: Duration)
    case missingColumn(collector: String, column: String, available: [String])
    case badValue(collector: String, column: String, value: String)
    case previousRunStillActive(collector: String)
    case databaseUnreachable
    /// An incremental_counter's result could not be applied to its ledger tail.
    case ledger(collector: String, LedgerTailError)

    public var description: String {
        switch self {
        case .timedOut(let collector, let after):
            return "collector \(collector): no result within its timeout of \(after.seconds)s"
        case .missingColumn(let collector, let column, let available):
            return "collector \(collector): the query result has no column '\(column)' "
                + "(it has: \(available.joined(separator: ", "))); name the column with AS in the SQL"
        case .badValue(let collector, let column, let value):
            return "collector \(collector): column '\(column)' holds '\(value)', which is not a number"
        case .previousRunStillActive(let collector):
            return "collector \(collector): its previous run is still active (a slow query); skipped"
        case .databaseUnreachable:
            return "the database is unreachable (pg_up is 0); collector skipped"
        case .ledger(let collector, let error):
            return "collector \(collector): \(error)"
        }
    }
}
