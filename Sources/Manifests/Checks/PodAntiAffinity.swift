/// `pod-anti-affinity`: a Deployment or StatefulSet with 2 or more replicas spreads them, with
/// `affinity.podAntiAffinity` or `topologySpreadConstraints` in its pod spec.
public struct PodAntiAffinityCheck: Check {
    public let id = "pod-anti-affinity"
    public let severity = Severity.warning
    public let why = "Nothing stops the scheduler from putting every replica on one node or in one zone, and then that node's failure or drain takes all of them at once."
    public let fix = "Add topologySpreadConstraints (topologyKey kubernetes.io/hostname, maxSkew 1, whenUnsatisfiable ScheduleAnyway) or a preferred podAntiAffinity on the pod labels."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard PdbForReplicasCheck.kinds.contains(object.kind), let pod = object.podSpec,
              let replicas = object.node(at: .specReplicas)?.int, replicas >= 2,
              pod.node["affinity"]?["podAntiAffinity"] == nil, (pod.node["topologySpreadConstraints"]?.items ?? []).isEmpty
        else { return [] }
        return [finding("\(object.kind) \(object.name) runs \(replicas) replicas with neither podAntiAffinity nor topologySpreadConstraints", in: object, at: .specReplicas)]
    }
}
