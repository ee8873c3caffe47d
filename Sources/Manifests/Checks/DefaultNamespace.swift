/// `default-namespace`: no object is placed in the `default` namespace explicitly.
public struct DefaultNamespaceCheck: Check {
    public let id = "default-namespace"
    public let severity = Severity.warning
    public let why = "The default namespace is shared by everything nobody placed elsewhere: its RBAC, quotas and NetworkPolicies cannot be tailored to the application, and a cleanup of it removes unrelated objects."
    public let fix = "Give the application its own namespace (metadata.namespace: <app>)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.namespace == "default" else { return [] }
        return [finding("\(object.kind) \(object.name) is in the default namespace", in: object, at: "metadata.namespace")]
    }
}
