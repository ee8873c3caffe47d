/// The ledger's count of the project's units beside Google's (Cloud Monitoring), per aligned
/// period of the window and in total: the drift is ledger minus Google, in units and as a
/// share of Google's count. The facts only; the formatters show them.
public struct DriftComparison: Sendable, Equatable {
    public struct Period: Sendable, Equatable {
        /// Epoch seconds; the period is `[start, start + alignment)`.
        public var start: Int64
        public var ledgerCalls: Int
        public var ledgerUnits: Int
        public var googleUnits: Int
        public var driftUnits: Int { ledgerUnits - googleUnits }
        /// Drift over Google's count; nil when Google counted nothing but the ledger did.
        public var driftRatio: Double? {
            if googleUnits == 0 { return ledgerUnits == 0 ? 0 : nil }
            return Double(driftUnits) / Double(googleUnits)
        }

        public func exceeds(_ tolerance: Double) -> Bool {
            guard let ratio = driftRatio else { return true }
            return abs(ratio) > tolerance
        }
    }

    public var projectID: String
    public var window: ReportWindow
    public var alignmentSeconds: Int64
    public var start: Int64
    public var end: Int64
    /// Every period of `[start, end)`, oldest first (periods without units included).
    public var periods: [Period]
    public var tolerance: Double
    public var pages: Int
    public var executionErrors: [String]

    public var total: Period {
        Period(start: start, ledgerCalls: periods.reduce(0) { $0 + $1.ledgerCalls },
               ledgerUnits: periods.reduce(0) { $0 + $1.ledgerUnits }, googleUnits: periods.reduce(0) { $0 + $1.googleUnits })
    }

    /// The periods whose drift is past the tolerance.
    public var periodsPastTolerance: [Period] { periods.filter { $0.exceeds(tolerance) } }

    /// Whether the two counts disagree past the tolerance (the command then exits 1).
    public var drifted: Bool { !periodsPastTolerance.isEmpty || total.exceeds(tolerance) }

    /// The period the comparison aligns to for a report window: whole minutes up to 5m,
    /// 5 minutes for an hour, an hour for a day.
    public static func alignment(for window: ReportWindow) -> Int64 {
        switch window {
        case .oneMinute, .fiveMinutes: return 60
        case .oneHour: return 300
        case .oneDay: return 3_600
        }
    }
}
