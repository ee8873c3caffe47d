/// Which targets `/probe` may reach: the targets of the configured checks, and those an
/// `allow_targets` pattern matches whole. Anything else is refused (403), so the endpoint
/// cannot be used to reach arbitrary hosts from inside the cluster.
struct TargetPolicy: Sendable {
    let configured: Set<String>
    let patterns: [Pattern]

    /// nil when allowed, else the reason it is not.
    func refusal(_ target: String) -> String? {
        if configured.contains(target) { return nil }
        if patterns.contains(where: { $0.matchesWhole(target) }) { return nil }
        let shown = Redaction.url(target)
        if patterns.isEmpty {
            return "target '\(shown)' is not the target of a configured check, and no allow_targets pattern is configured"
        }
        return "target '\(shown)' is not the target of a configured check and matches no allow_targets pattern (\(patterns.map(\.source).joined(separator: ", ")))"
    }
}
