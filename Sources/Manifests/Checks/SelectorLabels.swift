/// `selector-labels`: a workload's selector is not empty and matches its own pod template's labels
/// (Deployment, StatefulSet, DaemonSet, ReplicaSet: `spec.selector`; ReplicationController: the
/// plain `spec.selector` map; Job: `spec.selector` when set; CronJob: `spec.jobTemplate.spec.selector`).
public struct SelectorLabelsCheck: Check {
    public let id = "selector-labels"
    public let severity = Severity.error
    public let why = "A selector that does not match the template's labels is rejected by the API server (or, for an empty one, adopts every pod in the namespace), so the rollout fails only at apply time."
    public let fix = "Copy the selector's matchLabels into spec.template.metadata.labels (or narrow the selector to labels the template has)."

    public init() {}

    static let selectorPaths: [String: NodePath] = [
        "Deployment": "spec.selector", "StatefulSet": "spec.selector", "DaemonSet": "spec.selector",
        "ReplicaSet": "spec.selector", "Job": "spec.selector", "ReplicationController": "spec.selector",
        "CronJob": "spec.jobTemplate.spec.selector",
    ]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let path = Self.selectorPaths[object.kind], let node = object.node(at: path), node.isMapping,
              let pod = object.podSpec
        else { return [] }
        let selector = object.kind == "ReplicationController"
            ? LabelSelector(matchLabels: node.stringMap)
            : LabelSelector(selectorNode: node)
        if selector.isEmpty {
            return [finding("\(object.kind) \(object.name) has an empty selector", in: object, at: path, atKey: true)]
        }
        guard !selector.matches(pod.labels) else { return [] }
        let labels = pod.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return [finding(
            "\(object.kind) \(object.name) selector does not match its pod template labels (\(labels.isEmpty ? "none" : labels))",
            in: object, at: path, atKey: true
        )]
    }
}
