/// `rbac-secrets-read`: no ClusterRole grants `get`, `list` or `watch` on `secrets` (every namespace's
/// secrets, when bound by a ClusterRoleBinding). Wildcards are `rbac-wildcard`'s job.
public struct RBACSecretsReadCheck: Check {
    public let id = "rbac-secrets-read"
    public let severity = Severity.error
    public let why = "Reading secrets cluster-wide reads every token, password and certificate key of every namespace, service-account tokens included: it is cluster-admin in a few steps."
    public let fix = "Use a Role in the one namespace that holds the secret, with resourceNames naming it; or mount the secret instead of reading it through the API."

    public init() {}

    static let readVerbs: Set<String> = ["get", "list", "watch"]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "ClusterRole" else { return [] }
        return RBACRule.rules(of: object).compactMap { rule in
            guard let index = rule.resources.firstIndex(of: "secrets"),
                  rule.apiGroups.isEmpty || rule.apiGroups.contains("") || rule.apiGroups.contains("*")
            else { return nil }
            let verbs = rule.verbs.filter(Self.readVerbs.contains)
            guard !verbs.isEmpty else { return nil }
            return finding("ClusterRole \(object.name) can \(verbs.joined(separator: "/")) secrets in every namespace it is bound for", in: object,
                           at: rule.path.appending(key: "resources").appending(index: index))
        }
    }
}
