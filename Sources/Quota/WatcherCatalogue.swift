import Foundation
import OpsCore

/// Every metric family `opsctl quota-watcher` serves (`--list-metrics`): the families of
/// `WatcherMetrics` computed over windows holding one representative call (a send that was
/// rate-limited once), so that every family, the per-rank ones included, shows its labels.
/// The same code renders `/metrics`, so the list cannot drift from what a scrape serves.
public enum WatcherCatalogue {
    public static func catalogue(settings: QuotaSettings, now: Date = Date()) -> MetricCatalogue {
        let time = now.timeIntervalSince1970
        var windows = UsageWindows(costs: settings.config.costs, limits: settings.config.limits, now: time)
        windows.ingest(.init(id: 1, time: time - 1, user: "example", method: "users.messages.send", statusCode: 200,
                             errorReason: nil, quotaUnits: nil), now: time)
        windows.ingest(.init(id: 2, time: time - 1, user: "example", method: "users.messages.list", statusCode: 429,
                             errorReason: "userRateLimitExceeded", quotaUnits: nil), now: time)
        let status = QuotaWatcher.Status(sourceUp: true, started: true, cursor: 2, openGaps: 0, lateRows: 0, expiredGaps: 0,
                                         evictedGaps: 0, pollErrors: 0, rowsRead: 2, lastError: nil)
        let metrics = WatcherMetrics(topK: settings.config.watcher.topUsers, pseudonym: Pseudonym(key: settings.pseudonymKey))
        let families = metrics.families(windows: windows, status: status, now: time)
        return MetricCatalogue(job: "quota-watcher", source: settings.configSource,
                               entries: MetricCatalogue.entries(families, collector: "quota-watcher"))
    }
}
