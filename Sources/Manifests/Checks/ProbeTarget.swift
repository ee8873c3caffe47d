/// `probe-target`: a Probe's `targets.ingress.selector` (in the namespaces of its `namespaceSelector`)
/// matches at least one Ingress of the run. Quiet when the run holds no Ingress in those namespaces.
public struct ProbeTargetCheck: Check {
    public let id = "probe-target"
    public let severity = Severity.error
    public let why = "A Probe whose ingress selector matches no Ingress applies cleanly and probes nothing: the blackbox check you rely on never runs."
    public let fix = "Make spec.targets.ingress.selector match the Ingress's labels (and namespaceSelector its namespace)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        let selectorPath = NodePath.probeIngressSelector
        guard MonitoringSelection.isMonitoring(object, kind: "Probe"), let selectorNode = object.node(at: selectorPath), selectorNode.isMapping else { return [] }
        let ingress = object.node(at: .probeIngress)
        var namespaces: Set<String>? = [object.namespace ?? ""]
        if ingress?["namespaceSelector"]?["any"]?.bool == true { namespaces = nil }
        if let names = ingress?["namespaceSelector"]?["matchNames"]?.items?.compactMap(\.text), !names.isEmpty { namespaces = Set(names) }
        let candidates = MonitoringSelection.objects(kind: "Ingress", in: namespaces, context: context)
        let selector = LabelSelector(selectorNode: selectorNode)
        guard !candidates.isEmpty, !candidates.contains(where: { selector.matches($0.labels) }) else { return [] }
        return [finding("ingress selector matches no Ingress of the run in the targeted namespaces", in: object, at: selectorPath, atKey: true)]
    }
}
