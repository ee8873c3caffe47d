/// A pod spec inside an object: the `spec` of a Pod, or the pod template of a workload.
public struct PodSpecRef: Sendable {
    /// Path of the pod spec itself, e.g. `spec.template.spec`.
    public var path: NodePath
    public var node: YAMLNode
    /// Path of the pod template's `metadata` (`spec.template.metadata`; `metadata` for a Pod).
    public var metadataPath: NodePath
    /// The pod's labels (from the template's metadata, or the Pod's own).
    public var labels: [String: String]
    /// The pod's annotations.
    public var annotations: [String: String]
    public var containers: [ContainerRef]
}

/// One container of a pod spec, with where it is.
public struct ContainerRef: Sendable {
    public enum Kind: String, Sendable {
        case container = "containers"
        case initContainer = "initContainers"
        case ephemeralContainer = "ephemeralContainers"
    }

    public var kind: Kind
    /// `name` of the container, empty if missing.
    public var name: String
    /// Path of the container, e.g. `spec.template.spec.containers[1]`.
    public var path: NodePath
    public var node: YAMLNode

    /// `image` of the container, nil if missing.
    public var image: String? { node["image"]?.text }
}

extension ManifestObject {
    /// Kinds whose pod template lives at `spec.template`.
    public static let templatedWorkloadKinds: Set<String> = [
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job",
    ]

    /// All kinds that carry a pod spec.
    public static let podCarryingKinds: Set<String> = templatedWorkloadKinds.union(["Pod", "CronJob", "PodTemplate"])

    private static let podPath: NodePath = "spec"
    private static let podTemplatePath: NodePath = "template.spec"
    private static let cronJobPodPath: NodePath = "spec.jobTemplate.spec.template.spec"
    private static let workloadPodPath: NodePath = "spec.template.spec"

    /// The path of the pod spec for this object's kind, or nil for kinds without pods.
    public var podSpecPath: NodePath? { Self.podSpecPath(kind: kind) }

    static func podSpecPath(kind: String) -> NodePath? {
        switch kind {
        case "Pod": return Self.podPath
        case "PodTemplate": return Self.podTemplatePath
        case "CronJob": return Self.cronJobPodPath
        case _ where Self.templatedWorkloadKinds.contains(kind): return Self.workloadPodPath
        default: return nil
        }
    }

    /// Reads the pod spec of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
    /// Job, CronJob or PodTemplate, with its containers; nil for other kinds or when the spec is missing.
    /// `ManifestObject` stores the result as `podSpec`, so every check reads it once per object, not once per check.
    static func readPodSpec(kind: String, root: YAMLNode) -> PodSpecRef? {
        guard let path = podSpecPath(kind: kind), let spec = root.node(at: path), spec.isMapping else { return nil }
        let metadataPath: NodePath = kind == "Pod" ? "metadata" : NodePath(Array(path.components.dropLast())).appending(key: "metadata")
        let metadata = root.node(at: metadataPath)
        var containers: [ContainerRef] = []
        for kind in [ContainerRef.Kind.initContainer, .container, .ephemeralContainer] {
            guard let items = spec[kind.rawValue]?.items else { continue }
            for (index, item) in items.enumerated() where item.isMapping {
                containers.append(ContainerRef(
                    kind: kind,
                    name: item["name"]?.text ?? "",
                    path: path.appending(key: kind.rawValue).appending(index: index),
                    node: item
                ))
            }
        }
        return PodSpecRef(
            path: path,
            node: spec,
            metadataPath: metadataPath,
            labels: metadata?["labels"]?.stringMap ?? [:],
            annotations: metadata?["annotations"]?.stringMap ?? [:],
            containers: containers
        )
    }

    /// Every container (init, regular, ephemeral) of the object's pod spec; empty for kinds without pods.
    public var containers: [ContainerRef] { podSpec?.containers ?? [] }
}
