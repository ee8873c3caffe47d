import Foundation

/// `opsctl quota --compare-google --output json`: the comparison for scripts (keys sorted).
public enum DriftJSONFormatter {
    struct Document: Encodable {
        var project_id: String
        var window_seconds: Int
        var alignment_seconds: Int64
        var start: Int64
        var end: Int64
        var tolerance: Double
        var verdict: String
        var drifted: Bool
        var google_pages: Int
        var google_execution_errors: [String]
        var total: Period
        var periods: [Period]
    }
    struct Period: Encodable {
        var start: Int64
        var end: Int64
        var ledger_calls: Int
        var ledger_units: Int
        var google_units: Int
        var drift_units: Int
        var drift_ratio: Double?
        var past_tolerance: Bool

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
            try container.encode(ledger_calls, forKey: .ledger_calls)
            try container.encode(ledger_units, forKey: .ledger_units)
            try container.encode(google_units, forKey: .google_units)
            try container.encode(drift_units, forKey: .drift_units)
            // null, not absent, when Google counted nothing but the ledger did.
            if let drift_ratio { try container.encode(drift_ratio, forKey: .drift_ratio) } else { try container.encodeNil(forKey: .drift_ratio) }
            try container.encode(past_tolerance, forKey: .past_tolerance)
        }
        enum CodingKeys: String, CodingKey {
            case start, end, ledger_calls, ledger_units, google_units, drift_units, drift_ratio, past_tolerance
        }
    }

    public static func format(_ comparison: DriftComparison) -> String {
        func period(_ value: DriftComparison.Period, end: Int64) -> Period {
            Period(start: value.start, end: end, ledger_calls: value.ledgerCalls, ledger_units: value.ledgerUnits,
                   google_units: value.googleUnits, drift_units: value.driftUnits,
                   drift_ratio: value.driftRatio.map(JSONDocument.ratio), past_tolerance: value.exceeds(comparison.tolerance))
        }
        let document = Document(
            project_id: comparison.projectID, window_seconds: comparison.window.seconds, alignment_seconds: comparison.alignmentSeconds,
            start: comparison.start, end: comparison.end, tolerance: comparison.tolerance,
            verdict: comparison.drifted ? "DRIFT" : "MATCH", drifted: comparison.drifted,
            google_pages: comparison.pages, google_execution_errors: comparison.executionErrors,
            total: period(comparison.total, end: comparison.end),
            periods: comparison.periods.map { period($0, end: $0.start + comparison.alignmentSeconds) })
        return JSONDocument.text(document)
    }
}
