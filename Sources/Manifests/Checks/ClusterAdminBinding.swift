/// `cluster-admin-binding`: no RoleBinding or ClusterRoleBinding binds the `cluster-admin` ClusterRole.
public struct ClusterAdminBindingCheck: Check {
    public let id = "cluster-admin-binding"
    public let severity = Severity.error
    public let why = "cluster-admin can do everything everywhere (in its namespace for a RoleBinding, everything at all for a ClusterRoleBinding): one compromised subject of the binding owns the cluster."
    public let fix = "Bind a role that lists the rights the subject needs instead of cluster-admin."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard RBACRule.bindingKinds.contains(object.kind), object.group == "rbac.authorization.k8s.io",
              object.node(at: "roleRef.kind")?.text == "ClusterRole", object.node(at: "roleRef.name")?.text == "cluster-admin"
        else { return [] }
        return [finding("\(object.kind) \(object.name) binds cluster-admin", in: object, at: "roleRef.name")]
    }
}
