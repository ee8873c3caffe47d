/// `rbac-wildcard`: no Role or ClusterRole rule grants `*` verbs, `*` resources or `*` API groups.
public struct RBACWildcardCheck: Check {
    public let id = "rbac-wildcard"
    public let severity = Severity.warning
    public let why = "A wildcard grants every verb or resource that exists today and every one added later (CRDs included), so the role's reach grows without anyone reviewing it."
    public let fix = "List the verbs, resources and apiGroups the program uses (kubectl auth can-i --list helps find them)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        RBACRule.rules(of: object).flatMap { rule -> [Finding] in
            [("verbs", rule.verbs), ("resources", rule.resources), ("apiGroups", rule.apiGroups)].compactMap { field, values in
                guard let index = values.firstIndex(of: "*") else { return nil }
                return finding("\(object.kind) \(object.name) grants \"*\" in \(field)", in: object, at: rule.path.appending(key: field).appending(index: index))
            }
        }
    }
}
