/// `pod-monitor-target`: a PodMonitor's selector (in the namespaces of its `namespaceSelector`) matches the
/// pod labels of at least one workload of the run, and each `podMetricsEndpoints[].port` is a container
/// port name of those pods (`portNumber`, a number). Quiet when the run holds no pods in those namespaces.
public struct PodMonitorTargetCheck: Check {
    public let id = "pod-monitor-target"
    public let severity = Severity.error
    public let why = "A PodMonitor that selects no pod, or names a port the containers lack, applies cleanly and scrapes nothing: the target never appears and no alert on it can fire."
    public let fix = "Make spec.selector match the pod template's labels and podMetricsEndpoints[].port the name of one of the containers' ports."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard MonitoringSelection.isMonitoring(object, kind: "PodMonitor"), let selectorNode = object.node(at: .specSelector), selectorNode.isMapping else { return [] }
        let namespaces = MonitoringSelection.targetNamespaces(of: object)
        guard MonitoringSelection.hasPods(in: namespaces, context: context) else { return [] }
        let pods = MonitoringSelection.pods(matching: LabelSelector(selectorNode: selectorNode), in: namespaces, context: context)
        guard !pods.isEmpty else {
            return [finding("selector matches the pod labels of no workload of the run in the targeted namespaces", in: object, at: .specSelector, atKey: true)]
        }
        let ports = MonitoringSelection.containerPorts(of: pods)
        var findings: [Finding] = []
        for (endpoint, path) in MonitoringSelection.endpoints(of: object) {
            if let port = endpoint["port"]?.text, !ports.names.contains(port) {
                let known = ports.names.isEmpty ? "their containers name no ports" : "their containers have \(ports.names.sorted().joined(separator: ", "))"
                findings.append(finding("endpoint port \"\(port)\" is not a container port name of the selected pods (\(known))", in: object, at: path.appending(key: "port")))
            }
            if let number = endpoint["portNumber"]?.text, !ports.numbers.contains(number) {
                findings.append(finding("endpoint portNumber \(number) is not a containerPort of the selected pods", in: object, at: path.appending(key: "portNumber")))
            }
        }
        return findings
    }
}
