/// `hpa-target`: a HorizontalPodAutoscaler's `scaleTargetRef` names a workload of the run (same
/// kind, name and namespace), and a workload scaled by an HPA does not set `spec.replicas`.
/// The target side is skipped when the run holds no object of the target's kind at all
/// (the target may be applied from elsewhere).
public struct HpaTargetCheck: Check {
    public let id = "hpa-target"
    public let severity = Severity.error
    public let why = "An HPA whose target does not exist scales nothing; a target that also sets replicas is reset to that count by every apply, scaling a busy service down mid-load."
    public let fix = "Point spec.scaleTargetRef at the workload's kind and name, and remove spec.replicas from the workload the HPA scales."

    public init() {}

    static let scalableKinds: Set<String> = ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        if object.kind == "HorizontalPodAutoscaler" { return targetFindings(object, context: context) }
        guard Self.scalableKinds.contains(object.kind), object.node(at: .specReplicas) != nil,
              let hpa = context.autoscalers(of: object).first
        else { return [] }
        return [finding(
            "\(object.kind) \(object.name) sets replicas although HorizontalPodAutoscaler \(hpa.name) scales it",
            in: object, at: .specReplicas, atKey: true
        )]
    }

    private func targetFindings(_ hpa: ManifestObject, context: CheckContext) -> [Finding] {
        guard let kind = hpa.node(at: .scaleTargetKind)?.text,
              let name = hpa.node(at: .scaleTargetName)?.text
        else { return [] }
        guard !context.objects(kind: kind).isEmpty else { return [] }
        guard context.object(kind: kind, named: name, sameNamespaceAs: hpa) == nil else { return [] }
        return [finding(
            "HorizontalPodAutoscaler \(hpa.name) targets \(kind) \(name), which is not in namespace \(hpa.namespace ?? "(default)") of the run",
            in: hpa, at: .scaleTargetName
        )]
    }
}
