import Foundation
import HTTPClient
import Postgres

/// `opsctl quota --compare-google`: Google's count first (its failures are the likely ones),
/// then the ledger's units per the same periods, into a `DriftComparison`. The window ends at
/// the last whole period before `now`, so both sides count the same complete periods.
public struct GoogleComparisonBuilder: Sendable {
    public var config: QuotaConfig
    public var timeout: Duration

    public init(config: QuotaConfig, timeout: Duration = .seconds(30)) {
        self.config = config
        self.timeout = timeout
    }

    public func build(_ runner: some StatementRunner, source: GoogleUsageSource, window: ReportWindow,
                      now: Date = Date()) async throws -> DriftComparison {
        let alignment = DriftComparison.alignment(for: window)
        let nowSecond = Int64(now.timeIntervalSince1970.rounded(.down))
        let end = nowSecond - ((nowSecond % alignment) + alignment) % alignment
        let start = end - Int64(window.seconds)
        let google = try await source.usage(start: start, end: end, alignmentSeconds: alignment)

        let (methods, units) = config.costs.sqlRows
        let result = try await runner.query(LedgerSQL(table: config.ledgerTable).periodUnits, [
            String(start), String(end), String(alignment), ReportBuilder.textArray(methods),
            "{" + units.map(String.init).joined(separator: ",") + "}", String(config.costs.defaultUnits),
        ], timeout: timeout)
        var ledger: [Int64: (calls: Int, units: Int)] = [:]
        for row in result.rows {
            guard let period = row.int64("period") else { continue }
            ledger[period] = (Int(row.int64("calls") ?? 0), Int(row.int64("units") ?? 0))
        }
        let periods = stride(from: start, to: end, by: Int(alignment)).map { period in
            DriftComparison.Period(start: period, ledgerCalls: ledger[period]?.calls ?? 0, ledgerUnits: ledger[period]?.units ?? 0,
                                   googleUnits: Int((google.units[period] ?? 0).rounded()))
        }
        return DriftComparison(projectID: config.google.projectID ?? "", window: window, alignmentSeconds: alignment,
                               start: start, end: end, periods: periods, tolerance: config.google.driftTolerance,
                               pages: google.pages, executionErrors: google.executionErrors)
    }
}
