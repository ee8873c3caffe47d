/// `binding-subject`: a RoleBinding or ClusterRoleBinding's ServiceAccount subject exists in the run, when
/// the run holds ServiceAccounts of that namespace (a partial run stays quiet).
public struct BindingSubjectCheck: Check {
    public let id = "binding-subject"
    public let severity = Severity.error
    public let why = "A binding to a ServiceAccount that does not exist grants nothing today (the workload fails with 403) and grants the rights to whoever creates that name later."
    public let fix = "Make subjects[].name and namespace match the ServiceAccount the workload runs as (spec.serviceAccountName)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard RBACRule.bindingKinds.contains(object.kind), object.group == "rbac.authorization.k8s.io" else { return [] }
        var findings: [Finding] = []
        for (index, subject) in (object.node(at: "subjects")?.items ?? []).enumerated() {
            guard subject["kind"]?.text == "ServiceAccount", let name = subject["name"]?.text else { continue }
            let namespace = subject["namespace"]?.text ?? object.namespace ?? ""
            let accounts = context.objects(kind: "ServiceAccount", namespace: namespace)
            guard !accounts.isEmpty, !accounts.contains(where: { $0.name == name }) else { continue }
            findings.append(finding("subject ServiceAccount \(name) is not in the run (namespace \(namespace.isEmpty ? "(default)" : namespace) has \(accounts.map(\.name).sorted().joined(separator: ", ")))",
                                    in: object, at: NodePath("subjects").appending(index: index).appending(key: "name")))
        }
        return findings
    }
}
