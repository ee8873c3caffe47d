/// The `rules` of a Role or ClusterRole, read for the RBAC checks: each rule's verbs, resources and
/// API groups, with its path.
struct RBACRule {
    var verbs: [String]
    var resources: [String]
    var apiGroups: [String]
    var path: NodePath

    static let roleKinds: Set<String> = ["Role", "ClusterRole"]
    static let bindingKinds: Set<String> = ["RoleBinding", "ClusterRoleBinding"]

    /// The rules of a Role or ClusterRole of `rbac.authorization.k8s.io`; empty for other objects.
    static func rules(of object: ManifestObject) -> [RBACRule] {
        guard roleKinds.contains(object.kind), object.group == "rbac.authorization.k8s.io" else { return [] }
        return (object.node(at: "rules")?.items ?? []).enumerated().map { index, rule in
            RBACRule(
                verbs: (rule["verbs"]?.items ?? []).compactMap(\.text),
                resources: (rule["resources"]?.items ?? []).compactMap(\.text),
                apiGroups: (rule["apiGroups"]?.items ?? []).compactMap(\.text),
                path: NodePath("rules").appending(index: index)
            )
        }
    }
}
