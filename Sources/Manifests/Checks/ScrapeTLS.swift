/// `scrape-tls`: a scrape endpoint with `scheme: https` (ServiceMonitor, PodMonitor, Probe, ScrapeConfig)
/// sets `tlsConfig`, so that the CA and server name it trusts are written down.
public struct ScrapeTLSCheck: Check {
    public let id = "scrape-tls"
    public let severity = Severity.warning
    public let why = "An https scrape without tlsConfig verifies the target against the system CAs only: an internal certificate fails every scrape, and the usual quick fix (insecureSkipVerify) is never reviewed."
    public let fix = "Add tlsConfig with the ca (secret or configMap) and serverName of the target."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        MonitoringSelection.endpoints(of: object).compactMap { endpoint, path in
            guard endpoint["scheme"]?.text?.lowercased() == "https", endpoint["tlsConfig"] == nil else { return nil }
            return finding("scheme https without tlsConfig", in: object, at: path.appending(key: "scheme"))
        }
    }
}
