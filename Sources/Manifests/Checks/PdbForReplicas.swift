/// `pdb-for-replicas`: a Deployment or StatefulSet with more than one replica (`spec.replicas` of 2
/// or more, or a HorizontalPodAutoscaler in the run with `maxReplicas` of 2 or more) has a
/// PodDisruptionBudget in its namespace whose selector matches its pod template labels.
public struct PdbForReplicasCheck: Check {
    public let id = "pdb-for-replicas"
    public let severity = Severity.warning
    public let why = "Without a PodDisruptionBudget a node drain or cluster upgrade may evict every replica at once, so running several replicas does not keep the service up."
    public let fix = "Add a PodDisruptionBudget (policy/v1) with the workload's pod labels as selector and maxUnavailable: 1."

    public init() {}

    static let kinds: Set<String> = ["Deployment", "StatefulSet"]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard Self.kinds.contains(object.kind), let pod = object.podSpec else { return [] }
        let replicas = object.node(at: .specReplicas)?.int
        let autoscalers = context.autoscalers(of: object)
        let hpaMax = autoscalers.compactMap { $0.node(at: .specMaxReplicas)?.int }.max()
        guard (replicas ?? 1) >= 2 || (hpaMax ?? 0) >= 2 else { return [] }
        let covered = context.podSelectors(kind: "PodDisruptionBudget", sameNamespaceAs: object).contains { selector in
            selector?.matches(pod.labels) ?? false  // a PDB without a selector selects nothing
        }
        guard !covered else { return [] }
        let count = replicas.map { "\($0) replicas" } ?? "up to \(hpaMax ?? 0) replicas (autoscaled)"
        let anchor: NodePath = replicas != nil && autoscalers.isEmpty ? "spec.replicas" : "spec"
        return [finding(
            "\(object.kind) \(object.name) runs \(count) but no PodDisruptionBudget in its namespace selects its pods",
            in: object, at: anchor, atKey: true
        )]
    }
}
