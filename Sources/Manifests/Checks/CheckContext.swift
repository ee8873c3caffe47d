/// What a check sees besides the object it is checking: every object of the run, indexed for
/// cross-object checks (a PodDisruptionBudget for a Deployment, a Service's selector, ...).
public struct CheckContext: Sendable {
    /// Every object of the run, in input order (files, then documents).
    public let objects: [ManifestObject]
    private let byKind: [String: [ManifestObject]]

    public init(objects: [ManifestObject]) {
        self.objects = objects
        byKind = Dictionary(grouping: objects, by: \.kind)
    }

    /// Objects of one kind (`"Service"`), optionally only those in the same namespace as `object`.
    public func objects(kind: String, sameNamespaceAs object: ManifestObject? = nil) -> [ManifestObject] {
        let all = byKind[kind] ?? []
        guard let object else { return all }
        return all.filter { $0.sameNamespace(as: object) }
    }

    /// Objects that carry a pod spec (workloads, Pods, CronJobs), optionally in the namespace of `object`.
    public func podCarriers(sameNamespaceAs object: ManifestObject? = nil) -> [ManifestObject] {
        ManifestObject.podCarryingKinds.sorted().flatMap { objects(kind: $0, sameNamespaceAs: object) }
    }
}
