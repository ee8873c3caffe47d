import OpsCore

/// A source of metric families, run on scrape under its own timeout.
protocol Collector: Sendable {
    var name: String { get }
    var timeout: Duration { get }
    /// Fresh families, or an error (the scrape then reports this collector's success as 0).
    func collect(_ database: any QueryRunner) async throws -> [MetricFamily]
    /// Families still valid when `collect` failed (running counter totals); empty by default.
    func lastKnown() async -> [MetricFamily]
}

extension Collector {
    func lastKnown() async -> [MetricFamily] { [] }
}
