/// The pod labels of every pod carrier of a run (Pods, workload templates, CronJobs, PodTemplates),
/// read once, per namespace, with an index from each `key=value` label to the label sets holding it,
/// so "does any pod template match this selector" looks at candidates only.
struct PodTemplateIndex: Sendable {
    private struct LabelInNamespace: Hashable, Sendable {
        var namespace: String
        var key: String
        var value: String
    }

    /// True when the run holds any object of a pod-carrying kind (with or without a readable pod spec).
    private(set) var hasCarriers = false
    /// Pod label sets per namespace.
    private var labelsByNamespace: [String: [[String: String]]] = [:]
    /// Positions in `labelsByNamespace[namespace]` of the label sets holding each label.
    private var positionsByLabel: [LabelInNamespace: [Int]] = [:]
    /// For each label set of `labelsByNamespace[namespace]`, the position of its object in the run.
    private var objectPositionsByNamespace: [String: [Int]] = [:]

    mutating func add(_ object: ManifestObject, at objectPosition: Int) {
        guard ManifestObject.podCarryingKinds.contains(object.kind) else { return }
        hasCarriers = true
        guard let labels = object.podSpec?.labels else { return }
        let namespace = object.namespace ?? ""
        let position = labelsByNamespace[namespace, default: []].count
        labelsByNamespace[namespace, default: []].append(labels)
        objectPositionsByNamespace[namespace, default: []].append(objectPosition)
        for (key, value) in labels {
            positionsByLabel[LabelInNamespace(namespace: namespace, key: key, value: value), default: []].append(position)
        }
    }

    /// True when some pod label set in `namespace` matches `selector`. With `matchLabels`, only the
    /// label sets holding its rarest label are tested; otherwise every label set of the namespace.
    func anyLabels(matching selector: LabelSelector, namespace: String) -> Bool {
        let all = labelsByNamespace[namespace] ?? []
        return candidates(for: selector, namespace: namespace).contains { selector.matches(all[$0]) }
    }

    /// Positions in the run of the pod carriers in `namespace` whose pod labels match `selector`.
    func objectPositions(matching selector: LabelSelector, namespace: String) -> [Int] {
        let all = labelsByNamespace[namespace] ?? []
        let objects = objectPositionsByNamespace[namespace] ?? []
        return candidates(for: selector, namespace: namespace).filter { selector.matches(all[$0]) }.map { objects[$0] }
    }

    /// The label sets that can match: those holding the selector's rarest matchLabel, else all of the namespace.
    private func candidates(for selector: LabelSelector, namespace: String) -> [Int] {
        guard !selector.matchLabels.isEmpty else { return Array((labelsByNamespace[namespace] ?? []).indices) }
        var narrowest: [Int]?
        for (key, value) in selector.matchLabels {
            let positions = positionsByLabel[LabelInNamespace(namespace: namespace, key: key, value: value)] ?? []
            if positions.count < narrowest?.count ?? Int.max { narrowest = positions }
        }
        return narrowest ?? []
    }
}
