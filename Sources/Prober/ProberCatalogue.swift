import Foundation
import OpsCore

/// Every metric family `opsctl prober` serves (`--list-metrics`): the probe families of each
/// module kind, rendered by `ProbeMetrics` from a result that carries every fact (HTTP, TLS
/// certificate, PostgreSQL, a regex decision, a failure reason), with the `check` and `module`
/// labels of `/metrics`; and the prober's own families from `ProberServer.metrics()` for the
/// configured checks. The same code renders `/metrics`, so the list cannot drift from it.
public enum ProberCatalogue {
    public static func catalogue(server: ProberServer, source: String) async -> MetricCatalogue {
        let example = ProbeResult(
            success: false, reason: .status, message: "example", duration: 0.01,
            phases: Dictionary(uniqueKeysWithValues: ProbeResult.Phase.allCases.map { ($0, 0.001) }),
            http: .init(statusCode: 500, version: 1.1, redirects: 0, bodyBytes: 0, ssl: true),
            certificate: .init(earliestExpiry: 0, subject: "CN=example", issuer: "CN=example"),
            postgres: .init(serverVersion: "15", standby: false, connectSeconds: 0.001, querySeconds: 0.001),
            failedDueToRegex: false)
        var entries: [MetricCatalogue.Entry] = []
        for module in ModuleConfig.builtIn {
            let labels = [Label(name: "check", value: "example"), Label(name: "module", value: module.name)]
            entries += MetricCatalogue.entries(ProbeMetrics.families(example, module: module, labels: labels),
                                               collector: module.settings.proberName)
        }
        let own = await server.metrics().filter { !$0.name.hasPrefix("probe_") }
        entries += MetricCatalogue.entries(own, collector: "prober")
        return MetricCatalogue(job: "prober", source: source, entries: entries)
    }
}
