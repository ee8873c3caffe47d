import Postgres

/// Reads ledger rows of one result as `UsageWindows.Call`s, with the column positions looked
/// up once per result rather than by name for every value of every row (the tail reads
/// thousands of rows a tick; see `UsageWindows.MethodFacts` for the measured gain).
struct CallReader {
    private let id, time, user, method, status, reason, units: Int?

    init(columns: [String]) {
        func position(_ name: String) -> Int? { columns.firstIndex(of: name) }
        id = position("id"); time = position("t"); user = position("user_id"); method = position("method")
        status = position("status_code"); reason = position("error_reason"); units = position("quota_units")
    }

    /// nil when the row has no readable id or time.
    func call(_ row: Row) -> UsageWindows.Call? {
        func text(_ position: Int?) -> String? { position.flatMap { row[$0] } }
        guard let id = text(id).flatMap({ Int64($0) }), let time = text(time).flatMap(Self.seconds) else { return nil }
        return UsageWindows.Call(id: id, time: time, user: text(user), method: text(method),
                                 statusCode: text(status).flatMap { Int($0) }, errorReason: text(reason),
                                 quotaUnits: text(units).flatMap { Int($0) })
    }

    /// A float8 in PostgreSQL's text form, its NaN and infinities included (as `Row.double`).
    static func seconds(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }
}
