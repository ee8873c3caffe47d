/// `prometheus-selection`: when the run holds a Prometheus (or PrometheusAgent), every ServiceMonitor,
/// PodMonitor, Probe and PrometheusRule is picked up by one of them: its labels match the Prometheus'
/// `<kind>Selector` and its namespace its `<kind>NamespaceSelector`.
///
/// prometheus-operator's rules: a missing (null) selector selects nothing, `{}` everything; a missing
/// namespace selector means the Prometheus' own namespace, `{}` every namespace; a namespace selector
/// with labels matches the labels of Namespace objects (plus `kubernetes.io/metadata.name`), so it is
/// judged only when the run holds the Namespace. PrometheusAgent does not load rules.
public struct PrometheusSelectionCheck: Check {
    public let id = "prometheus-selection"
    public let severity = Severity.warning
    public let why = "An object no Prometheus selects exists but never loads: its targets are not scraped and its alerts never fire, and nothing reports it."
    public let fix = "Give the object the labels the Prometheus' selector asks for and put it in a namespace its namespace selector matches (or widen the selector)."

    public init() {}

    static let selectorKeys: [String: String] = [
        "ServiceMonitor": "serviceMonitor", "PodMonitor": "podMonitor", "Probe": "probe", "PrometheusRule": "rule",
    ]

    /// Whether `prometheus` selects `object`: true, false, or nil when the run cannot tell.
    static func selects(_ prometheus: ManifestObject, _ object: ManifestObject, key: String, context: CheckContext) -> Bool? {
        guard let selector = prometheus.node(at: NodePath("spec").appending(key: "\(key)Selector")), selector.isMapping else { return false }
        guard LabelSelector(selectorNode: selector).matches(object.labels) else { return false }
        let namespace = object.namespace ?? ""
        guard let namespaceSelector = prometheus.node(at: NodePath("spec").appending(key: "\(key)NamespaceSelector")), namespaceSelector.isMapping else {
            return namespace == (prometheus.namespace ?? "")
        }
        let parsed = LabelSelector(selectorNode: namespaceSelector)
        if parsed.isEmpty { return true }
        guard let namespaceObject = context.objects(kind: "Namespace").last(where: { $0.name == namespace }) else { return nil }
        var labels = namespaceObject.labels
        labels["kubernetes.io/metadata.name"] = namespace
        return parsed.matches(labels)
    }

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.group == MonitoringSelection.group, let key = Self.selectorKeys[object.kind] else { return [] }
        var servers = context.objects(kind: "Prometheus").filter { $0.group == MonitoringSelection.group }
        if key != "rule" { servers += context.objects(kind: "PrometheusAgent").filter { $0.group == MonitoringSelection.group } }
        guard !servers.isEmpty else { return [] }
        var unknown = false
        for server in servers {
            switch Self.selects(server, object, key: key, context: context) {
            case true?: return []
            case nil: unknown = true
            case false?: continue
            }
        }
        guard !unknown else { return [] }
        let names = servers.map { "\($0.kind)/\($0.name)" }.joined(separator: ", ")
        return [finding("no Prometheus of the run selects this \(object.kind) (\(names): \(key)Selector and \(key)NamespaceSelector do not match its labels and namespace)", in: object, at: "metadata", atKey: true)]
    }
}
