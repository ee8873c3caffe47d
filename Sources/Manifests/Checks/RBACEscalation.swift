/// `rbac-escalation`: no Role or ClusterRole grants `escalate`, `bind` or `impersonate`.
public struct RBACEscalationCheck: Check {
    public let id = "rbac-escalation"
    public let severity = Severity.error
    public let why = "escalate lets a subject write roles with more rights than it has, bind lets it bind any role to itself, impersonate lets it act as any user or group: each is a path to cluster-admin."
    public let fix = "Remove the verb; controllers that manage RBAC need it only with resourceNames on the exact roles they manage."

    public init() {}

    static let verbs: Set<String> = ["escalate", "bind", "impersonate"]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        RBACRule.rules(of: object).flatMap { rule in
            rule.verbs.enumerated().filter { Self.verbs.contains($0.element) }.map { index, verb in
                finding("\(object.kind) \(object.name) grants \(verb)", in: object, at: rule.path.appending(key: "verbs").appending(index: index))
            }
        }
    }
}
