/// `network-policy`: every pod (of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
/// ReplicationController, Job or CronJob) is selected by some NetworkPolicy of the run in its
/// namespace; an empty `podSelector` selects every pod of the namespace.
public struct NetworkPolicyCheck: Check {
    public let id = "network-policy"
    public let severity = Severity.warning
    public let why = "A pod no NetworkPolicy selects accepts traffic from every pod in the cluster and may connect anywhere, so one compromised pod reaches all others."
    public let fix = "Add a NetworkPolicy in the namespace whose podSelector matches the pod's labels (a default-deny policy with podSelector: {} plus allow rules)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind != "PodTemplate", let pod = object.podSpec else { return [] }
        let selected = context.podSelectors(kind: "NetworkPolicy", sameNamespaceAs: object).contains { selector in
            selector?.matches(pod.labels) ?? true  // a policy without podSelector selects every pod
        }
        guard !selected else { return [] }
        return [finding(
            "no NetworkPolicy in namespace \(object.namespace ?? "(default)") selects the pods of \(object.kind) \(object.name)",
            in: object, at: pod.metadataPath, atKey: true
        )]
    }
}
