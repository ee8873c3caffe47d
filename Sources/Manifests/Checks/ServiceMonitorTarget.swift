/// `service-monitor-target`: a ServiceMonitor's selector (in the namespaces of its `namespaceSelector`)
/// matches at least one Service of the run, each endpoint's `port` is the name of a port of a matched
/// Service, and a `targetPort` is a container port of the pods those Services select.
/// Quiet when the run holds no Service in the targeted namespaces (a partial run proves nothing).
public struct ServiceMonitorTargetCheck: Check {
    public let id = "service-monitor-target"
    public let severity = Severity.error
    public let why = "A ServiceMonitor that selects no Service, or names a port the Service lacks, applies cleanly and scrapes nothing: the target never appears and no alert on it can fire."
    public let fix = "Make spec.selector match the Service's labels (and namespaceSelector its namespace), and endpoints[].port the name of one of its spec.ports."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard MonitoringSelection.isMonitoring(object, kind: "ServiceMonitor"), let selectorNode = object.node(at: .specSelector), selectorNode.isMapping else { return [] }
        let namespaces = MonitoringSelection.targetNamespaces(of: object)
        let services = MonitoringSelection.objects(kind: "Service", in: namespaces, context: context)
        guard !services.isEmpty else { return [] }
        let selector = LabelSelector(selectorNode: selectorNode)
        let matched = services.filter { selector.matches($0.labels) }
        guard !matched.isEmpty else {
            let place = namespaces.map { "in namespace " + $0.sorted().map { $0.isEmpty ? "(default)" : $0 }.joined(separator: ", ") } ?? "in any namespace"
            return [finding("selector matches no Service of the run \(place) (Services match on their metadata.labels)", in: object, at: .specSelector, atKey: true)]
        }
        var findings: [Finding] = []
        let portNames = Set(matched.flatMap { ($0.node(at: .specPorts)?.items ?? []).compactMap { $0["name"]?.text } })
        for (endpoint, path) in MonitoringSelection.endpoints(of: object) {
            if let port = endpoint["port"]?.text, !portNames.contains(port) {
                let known = portNames.isEmpty ? "the matched Services name no ports" : "the matched Services have \(portNames.sorted().joined(separator: ", "))"
                findings.append(finding("endpoint port \"\(port)\" is not a port name of the matched Services (\(known))", in: object, at: path.appending(key: "port")))
            }
            if let target = endpoint["targetPort"]?.text {
                let pods = matched.flatMap { service -> [ManifestObject] in
                    guard let podSelector = service.node(at: .specSelector)?.stringMap, !podSelector.isEmpty else { return [] }
                    return MonitoringSelection.pods(matching: LabelSelector(matchLabels: podSelector), in: [service.namespace ?? ""], context: context)
                }
                guard !pods.isEmpty else { continue }
                let ports = MonitoringSelection.containerPorts(of: pods)
                if !ports.names.contains(target), !ports.numbers.contains(target) {
                    findings.append(finding("endpoint targetPort \(target) is not a container port of the pods behind the matched Services", in: object, at: path.appending(key: "targetPort")))
                }
            }
        }
        return findings
    }
}
