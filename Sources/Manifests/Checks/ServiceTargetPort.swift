/// `service-target-port`: a Service's named `targetPort` is a container port name of the pods its selector
/// matches (judged when the run holds such pods; numbers are not judged, the kubelet accepts undeclared ports).
/// Named probe ports are `probes`' job.
public struct ServiceTargetPortCheck: Check {
    public let id = "service-target-port"
    public let severity = Severity.error
    public let why = "A Service whose targetPort names a port the pods do not declare has no ready endpoint for that port: connections are refused although selector and pods are fine."
    public let fix = "Make spec.ports[].targetPort one of the containers' ports[].name (or its containerPort number)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "Service", object.group.isEmpty, let selector = object.node(at: .specSelector)?.stringMap, !selector.isEmpty else { return [] }
        let pods = MonitoringSelection.pods(matching: LabelSelector(matchLabels: selector), in: [object.namespace ?? ""], context: context)
        guard !pods.isEmpty else { return [] }
        let names = MonitoringSelection.containerPorts(of: pods).names
        var findings: [Finding] = []
        for (index, port) in (object.node(at: .specPorts)?.items ?? []).enumerated() {
            guard let target = port["targetPort"], target.string != nil, let name = target.text, !names.contains(name) else { continue }
            findings.append(finding("targetPort \"\(name)\" is not a port name of the selected pods (\(names.isEmpty ? "they name no ports" : "they have \(names.sorted().joined(separator: ", "))"))",
                                    in: object, at: NodePath.specPorts.appending(index: index).appending(key: "targetPort")))
        }
        return findings
    }
}
