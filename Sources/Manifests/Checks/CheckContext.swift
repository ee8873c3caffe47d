/// What a check sees besides the object it is checking: every object of the run, indexed once per
/// run for cross-object checks (a PodDisruptionBudget for a Deployment, a Service's selector, ...).
///
/// Every lookup is a dictionary access on an index built in `init`, so a cross-object check costs
/// the same per object whether the run holds ten objects or ten thousand in one namespace.
public struct CheckContext: Sendable {
    /// Every object of the run, in input order (files, then documents).
    public let objects: [ManifestObject]
    private let byKind: [String: [ManifestObject]]
    /// The indexes below hold positions in `objects`: one copy of each object, not one per index.
    private let byKindInNamespace: [KindInNamespace: [Int]]
    /// The last object of each kind, namespace and name (a later document wins, as with `kubectl apply`).
    private let lastByName: [ObjectKey: Int]
    /// HorizontalPodAutoscalers by the (kind, namespace, name) their `scaleTargetRef` names, in input order.
    private let autoscalersByTarget: [ObjectKey: [Int]]
    /// Parsed selectors of the kinds in `selectorPaths`, per namespace, in input order.
    private let selectorsByKindInNamespace: [KindInNamespace: [LabelSelector?]]
    private let podTemplates: PodTemplateIndex
    /// The text of each file of the run (for checks of embedded content that hand a part of it to a checker).
    public let sources: [String: SourceText]
    /// Checkers of embedded content (PromQL), filled by the command layer; empty in plain library use.
    public let embedded: EmbeddedCheckers

    /// Where each selecting kind keeps the selector it applies to pods.
    static let selectorPaths: [String: NodePath] = [
        "PodDisruptionBudget": .specSelector,
        "NetworkPolicy": "spec.podSelector",
    ]

    public init(objects: [ManifestObject], sources: [String: SourceText] = [:], embedded: EmbeddedCheckers = EmbeddedCheckers()) {
        self.objects = objects
        self.sources = sources
        self.embedded = embedded
        var byKind: [String: [ManifestObject]] = [:]
        var byKindInNamespace: [KindInNamespace: [Int]] = [:]
        var lastByName: [ObjectKey: Int] = [:]
        lastByName.reserveCapacity(objects.count)
        var autoscalersByTarget: [ObjectKey: [Int]] = [:]
        var selectors: [KindInNamespace: [LabelSelector?]] = [:]
        var podTemplates = PodTemplateIndex()
        for (position, object) in objects.enumerated() {
            let namespace = object.namespace ?? ""
            byKind[object.kind, default: []].append(object)
            byKindInNamespace[KindInNamespace(kind: object.kind, namespace: namespace), default: []].append(position)
            lastByName[ObjectKey(kind: object.kind, namespace: namespace, name: object.name)] = position
            if object.kind == "HorizontalPodAutoscaler",
               let kind = object.node(at: .scaleTargetKind)?.text,
               let name = object.node(at: .scaleTargetName)?.text {
                autoscalersByTarget[ObjectKey(kind: kind, namespace: namespace, name: name), default: []].append(position)
            }
            if let path = Self.selectorPaths[object.kind] {
                selectors[KindInNamespace(kind: object.kind, namespace: namespace), default: []]
                    .append(object.node(at: path).map(LabelSelector.init(selectorNode:)))
            }
            podTemplates.add(object, at: position)
        }
        self.byKind = byKind
        self.byKindInNamespace = byKindInNamespace
        self.lastByName = lastByName
        self.autoscalersByTarget = autoscalersByTarget
        selectorsByKindInNamespace = selectors
        self.podTemplates = podTemplates
    }

    /// Objects of one kind (`"Service"`), optionally only those in the same namespace as `object`.
    public func objects(kind: String, sameNamespaceAs object: ManifestObject? = nil) -> [ManifestObject] {
        guard let object else { return byKind[kind] ?? [] }
        return (byKindInNamespace[KindInNamespace(kind: kind, namespace: object.namespace ?? "")] ?? []).map { objects[$0] }
    }

    /// Objects of `kind` in the namespace named `namespace` (`""` for objects without one), from the index.
    public func objects(kind: String, namespace: String) -> [ManifestObject] {
        (byKindInNamespace[KindInNamespace(kind: kind, namespace: namespace)] ?? []).map { objects[$0] }
    }

    /// True when the run holds an object of `kind` in `object`'s namespace (one dictionary access).
    public func hasObjects(kind: String, sameNamespaceAs object: ManifestObject) -> Bool {
        !(byKindInNamespace[KindInNamespace(kind: kind, namespace: object.namespace ?? "")] ?? []).isEmpty
    }

    /// The pod carriers (workloads, Pods, CronJobs, PodTemplates) in `namespace` whose pod labels match
    /// `selector`, through the label index (only the carriers holding the selector's rarest label are tested).
    public func podCarriers(matching selector: LabelSelector, namespace: String) -> [ManifestObject] {
        podTemplates.objectPositions(matching: selector, namespace: namespace).map { objects[$0] }
    }

    /// The object of `kind` named `name` in `object`'s namespace (the last one when the run holds several).
    public func object(kind: String, named name: String, sameNamespaceAs object: ManifestObject) -> ManifestObject? {
        lastByName[ObjectKey(kind: kind, namespace: object.namespace ?? "", name: name)].map { objects[$0] }
    }

    /// HorizontalPodAutoscalers in `object`'s namespace whose `scaleTargetRef` names it (kind and name), in input order.
    public func autoscalers(of object: ManifestObject) -> [ManifestObject] {
        (autoscalersByTarget[ObjectKey(kind: object.kind, namespace: object.namespace ?? "", name: object.name)] ?? []).map { objects[$0] }
    }

    /// The pod selectors of every PodDisruptionBudget (`spec.selector`) or NetworkPolicy
    /// (`spec.podSelector`) in `object`'s namespace, parsed once per run; nil where the object has none.
    public func podSelectors(kind: String, sameNamespaceAs object: ManifestObject) -> [LabelSelector?] {
        selectorsByKindInNamespace[KindInNamespace(kind: kind, namespace: object.namespace ?? "")] ?? []
    }

    /// True when the run holds any object that carries a pod spec (workloads, Pods, CronJobs, PodTemplates).
    public var hasPodCarriers: Bool { podTemplates.hasCarriers }

    /// True when the pod labels of some pod carrier in `object`'s namespace match `selector`.
    public func anyPodTemplate(matching selector: LabelSelector, sameNamespaceAs object: ManifestObject) -> Bool {
        podTemplates.anyLabels(matching: selector, namespace: object.namespace ?? "")
    }
}

/// A kind in a namespace (`""` for objects without `metadata.namespace`).
struct KindInNamespace: Hashable, Sendable {
    var kind: String
    var namespace: String
}

/// One named object of a kind in a namespace.
struct ObjectKey: Hashable, Sendable {
    var kind: String
    var namespace: String
    var name: String
}
