/// `bearer-token-file`: no scrape endpoint uses the deprecated `bearerTokenFile` (ServiceMonitor, PodMonitor,
/// Probe); the token comes from a Secret through `authorization` or `bearerTokenSecret` instead.
public struct BearerTokenFileCheck: Check {
    public let id = "bearer-token-file"
    public let severity = Severity.warning
    public let why = "bearerTokenFile is deprecated by prometheus-operator (and ignored when the operator forbids file access): it reads a file inside the Prometheus pod, usually its own service-account token, which it sends to every target."
    public let fix = "Use authorization: {credentials: {name: SECRET, key: token}} (or bearerTokenSecret) instead of bearerTokenFile."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        MonitoringSelection.endpoints(of: object).compactMap { endpoint, path in
            guard endpoint["bearerTokenFile"] != nil else { return nil }
            return finding("bearerTokenFile is deprecated", in: object, at: path.appending(key: "bearerTokenFile"), atKey: true)
        }
    }
}
