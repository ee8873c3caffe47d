/// `service-type`: a Service of type NodePort or LoadBalancer is reported (info), so that exposure
/// outside the cluster is a decision someone sees in review.
public struct ServiceTypeCheck: Check {
    public let id = "service-type"
    public let severity = Severity.info
    public let why = "NodePort opens the port on every node and LoadBalancer puts the Service on an external address: both bypass the Ingress and its TLS and authentication."
    public let fix = "Use type ClusterIP behind an Ingress or Gateway, or keep the type and ignore this check with the reason."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "Service", object.group.isEmpty, let type = object.node(at: .specType)?.text,
              type == "NodePort" || type == "LoadBalancer" else { return [] }
        return [finding("Service \(object.name) is of type \(type)", in: object, at: .specType)]
    }
}
