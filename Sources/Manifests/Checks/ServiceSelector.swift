/// `service-selector`: a Service's selector matches the pod template of some workload in the run.
/// Cross-object: looks at every Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job and CronJob
/// in the same namespace. Skipped when the run contains no workloads at all (nothing to compare with).
public struct ServiceSelectorCheck: Check {
    public let id = "service-selector"
    public let severity = Severity.error
    public let why = "A Service whose selector matches no pod has no endpoints: traffic to it fails although every object applies cleanly."
    public let fix = "Make spec.selector equal to labels of the workload's pod template (spec.template.metadata.labels)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "Service", object.root.node(at: .specType)?.text != "ExternalName",
              let selectorNode = object.node(at: .specSelector), selectorNode.isMapping
        else { return [] }
        let selector = LabelSelector(matchLabels: selectorNode.stringMap)
        guard !selector.isEmpty, context.hasPodCarriers,
              !context.anyPodTemplate(matching: selector, sameNamespaceAs: object)
        else { return [] }
        let wanted = selector.matchLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return [finding("Service selector \(wanted) matches no pod template in namespace \(object.namespace ?? "(default)")", in: object, at: .specSelector, atKey: true)]
    }
}
