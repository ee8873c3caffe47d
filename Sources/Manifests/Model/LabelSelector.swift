/// A Kubernetes label selector: `matchLabels` plus `matchExpressions` (In, NotIn, Exists, DoesNotExist),
/// or a plain map (a Service's `spec.selector`).
public struct LabelSelector: Sendable, Hashable {
    public struct Requirement: Sendable, Hashable {
        public var key: String
        public var `operator`: String
        public var values: [String]
    }

    public var matchLabels: [String: String]
    public var requirements: [Requirement]

    public init(matchLabels: [String: String], requirements: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.requirements = requirements
    }

    /// From a `{matchLabels, matchExpressions}` node (Deployments, PDBs, NetworkPolicies).
    public init(selectorNode node: YAMLNode) {
        matchLabels = node["matchLabels"]?.stringMap ?? [:]
        requirements = (node["matchExpressions"]?.items ?? []).map { item in
            Requirement(
                key: item["key"]?.text ?? "",
                operator: item["operator"]?.text ?? "",
                values: (item["values"]?.items ?? []).compactMap(\.text)
            )
        }
    }

    /// True when the selector has no terms (selects everything in Kubernetes' `LabelSelector` semantics).
    public var isEmpty: Bool { matchLabels.isEmpty && requirements.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        for requirement in requirements {
            let value = labels[requirement.key]
            switch requirement.operator {
            case "In": guard let value, requirement.values.contains(value) else { return false }
            case "NotIn": if let value, requirement.values.contains(value) { return false }
            case "Exists": if value == nil { return false }
            case "DoesNotExist": if value != nil { return false }
            default: return false
            }
        }
        return true
    }
}
