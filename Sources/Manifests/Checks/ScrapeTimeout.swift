/// `scrape-timeout`: in a ServiceMonitor, PodMonitor, Probe or ScrapeConfig, no `scrapeTimeout` is longer
/// than the scrape interval of the same endpoint (`interval`, `scrapeInterval` for ScrapeConfig).
public struct ScrapeTimeoutCheck: Check {
    public let id = "scrape-timeout"
    public let severity = Severity.error
    public let why = "Prometheus refuses a scrape_timeout longer than the scrape interval: the operator's generated configuration fails to load and Prometheus keeps the old one, silently."
    public let fix = "Make scrapeTimeout at most the interval (for example interval: 30s, scrapeTimeout: 10s)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        let intervalKey = object.kind == "ScrapeConfig" ? "scrapeInterval" : "interval"
        for (endpoint, path) in MonitoringSelection.endpoints(of: object) {
            guard let intervalText = endpoint[intervalKey]?.text, let timeoutText = endpoint["scrapeTimeout"]?.text,
                  let interval = MonitoringSelection.milliseconds(intervalText), let timeout = MonitoringSelection.milliseconds(timeoutText),
                  timeout > interval
            else { continue }
            findings.append(finding("scrapeTimeout \(timeoutText) is longer than the scrape interval \(intervalText)", in: object, at: path.appending(key: "scrapeTimeout")))
        }
        return findings
    }
}
