/// `pdb-blocks-drain`: a PodDisruptionBudget allows at least one disruption: not `maxUnavailable: 0`
/// (or `0%`), not `minAvailable: 100%`, and not a `minAvailable` at or above the replicas of a
/// Deployment or StatefulSet of the run whose pods it selects.
public struct PdbBlocksDrainCheck: Check {
    public let id = "pdb-blocks-drain"
    public let severity = Severity.error
    public let why = "A budget that allows no disruption blocks every node drain: cluster upgrades and autoscaler scale-downs hang until someone deletes the budget by hand."
    public let fix = "Use maxUnavailable: 1 (or a minAvailable below the replica count)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "PodDisruptionBudget" else { return [] }
        if let node = object.node(at: .specMaxUnavailable), let text = node.text, text == "0" || text == "0%" {
            return [finding("maxUnavailable \(text) allows no disruption", in: object, at: "spec.maxUnavailable")]
        }
        guard let minimum = object.node(at: .specMinAvailable), let text = minimum.text else { return [] }
        if text == "100%" { return [finding("minAvailable 100% allows no disruption", in: object, at: "spec.minAvailable")] }
        guard let wanted = minimum.int, let selectorNode = object.node(at: .specSelector), selectorNode.isMapping else { return [] }
        let selector = LabelSelector(selectorNode: selectorNode)
        for workload in context.podCarriers(matching: selector, namespace: object.namespace ?? "") where PdbForReplicasCheck.kinds.contains(workload.kind) {
            let replicas = workload.node(at: .specReplicas)?.int ?? 1
            guard context.autoscalers(of: workload).isEmpty, wanted >= replicas else { continue }
            return [finding("minAvailable \(wanted) with \(replicas) replicas of \(workload.kind) \(workload.name) allows no disruption", in: object, at: "spec.minAvailable")]
        }
        return []
    }
}
