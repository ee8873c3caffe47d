/// `deployment-replicas`: a Deployment runs at least 2 replicas (`spec.replicas` unset means 1),
/// unless a HorizontalPodAutoscaler in the run scales it (then the HPA owns the count).
public struct DeploymentReplicasCheck: Check {
    public let id = "deployment-replicas"
    public let severity = Severity.warning
    public let why = "With one replica every node drain, eviction or crash is an outage, and a rollout has nothing to fall back on."
    public let fix = "Set spec.replicas: 2 or more (or scale the Deployment with a HorizontalPodAutoscaler whose minReplicas is at least 2)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "Deployment", object.node(at: .spec)?.isMapping == true,
              context.autoscalers(of: object).isEmpty
        else { return [] }
        guard let replicas = object.node(at: .specReplicas) else {
            return [finding("Deployment \(object.name) sets no replicas (defaults to 1)", in: object, at: .spec, atKey: true)]
        }
        guard let count = replicas.int, count < 2 else { return [] }
        return [finding("Deployment \(object.name) runs \(count) replica\(count == 1 ? "" : "s")", in: object, at: .specReplicas)]
    }
}
