/// What a check sees besides the object it is checking: every object of the run, indexed for
/// cross-object checks (a PodDisruptionBudget for a Deployment, a Service's selector, ...).
public struct CheckContext: Sendable {
    /// Every object of the run, in input order (files, then documents).
    public let objects: [ManifestObject]
    private let byKind: [String: [ManifestObject]]
    /// kind -> namespace ("" = unset) -> objects.
    private let byKindAndNamespace: [String: [String: [ManifestObject]]]
    private let podCarriersByNamespace: [String: [ManifestObject]]
    private let allPodCarriers: [ManifestObject]
    private let podLabelsByNamespace: [String: [PodLabels]]

    /// A pod-carrying object with its pod template's labels, computed once per run.
    public struct PodLabels: Sendable {
        public var object: ManifestObject
        public var labels: [String: String]
    }

    public init(objects: [ManifestObject]) {
        self.objects = objects
        byKind = Dictionary(grouping: objects, by: \.kind)
        byKindAndNamespace = byKind.mapValues { Dictionary(grouping: $0, by: { $0.namespace ?? "" }) }
        allPodCarriers = objects.filter { ManifestObject.podCarryingKinds.contains($0.kind) }
        podCarriersByNamespace = Dictionary(grouping: allPodCarriers, by: { $0.namespace ?? "" })
        podLabelsByNamespace = podCarriersByNamespace.mapValues { carriers in
            carriers.compactMap { carrier in carrier.podSpec.map { PodLabels(object: carrier, labels: $0.labels) } }
        }
    }

    /// Pod-carrying objects in the namespace of `object`, with their pod template labels
    /// (for selector matching: Services, PDBs, NetworkPolicies).
    public func podLabels(sameNamespaceAs object: ManifestObject) -> [PodLabels] {
        podLabelsByNamespace[object.namespace ?? ""] ?? []
    }

    /// Objects of one kind (`"Service"`), optionally only those in the same namespace as `object`.
    public func objects(kind: String, sameNamespaceAs object: ManifestObject? = nil) -> [ManifestObject] {
        guard let object else { return byKind[kind] ?? [] }
        return byKindAndNamespace[kind]?[object.namespace ?? ""] ?? []
    }

    /// Objects that carry a pod spec (workloads, Pods, CronJobs), optionally in the namespace of `object`.
    public func podCarriers(sameNamespaceAs object: ManifestObject? = nil) -> [ManifestObject] {
        guard let object else { return allPodCarriers }
        return podCarriersByNamespace[object.namespace ?? ""] ?? []
    }
}
