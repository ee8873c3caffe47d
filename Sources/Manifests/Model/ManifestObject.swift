/// One Kubernetes object: one YAML document of one file (or of standard input, file `-`).
///
/// Its fields live in one shared, immutable box: a copy (into the run's index, a cross-object
/// lookup's result, a worker's closure) retains one reference instead of each of its strings,
/// dictionaries and trees (bench/manifests/README.md, branch manifests5).
public struct ManifestObject: Sendable {
    private final class Storage: Sendable {
        let file: String
        let documentIndex: Int
        let apiVersion: String
        let kind: String
        let name: String
        let namespace: String?
        let labels: [String: String]
        let annotations: [String: String]
        let root: YAMLNode
        let podSpec: PodSpecRef?

        init(file: String, documentIndex: Int, root: YAMLNode) {
            self.file = file
            self.documentIndex = documentIndex
            self.root = root
            apiVersion = root["apiVersion"]?.text ?? ""
            let kind = root["kind"]?.text ?? ""
            self.kind = kind
            let metadata = root["metadata"]
            name = metadata?["name"]?.text ?? metadata?["generateName"]?.text ?? ""
            namespace = metadata?["namespace"]?.text
            labels = metadata?["labels"]?.stringMap ?? [:]
            annotations = metadata?["annotations"]?.stringMap ?? [:]
            podSpec = ManifestObject.readPodSpec(kind: kind, root: root)
        }
    }

    private let storage: Storage

    /// The file as the user named it (or as found under a folder); `-` for standard input.
    public var file: String { storage.file }
    /// 0-based index of the document in its file.
    public var documentIndex: Int { storage.documentIndex }
    public var apiVersion: String { storage.apiVersion }
    public var kind: String { storage.kind }
    /// `metadata.name` (or `metadata.generateName`), empty if missing.
    public var name: String { storage.name }
    /// `metadata.namespace`, nil when not set (the object lands in the namespace of the apply).
    public var namespace: String? { storage.namespace }
    public var labels: [String: String] { storage.labels }
    public var annotations: [String: String] { storage.annotations }
    /// The whole document.
    public var root: YAMLNode { storage.root }
    /// The pod spec of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
    /// Job, CronJob or PodTemplate, with its containers; nil for other kinds or when the spec is missing.
    /// Read once when the object is made.
    public var podSpec: PodSpecRef? { storage.podSpec }

    public init(file: String, documentIndex: Int, root: YAMLNode) {
        storage = Storage(file: file, documentIndex: documentIndex, root: root)
    }

    /// `apps/v1` -> `apps`, `v1` -> `` (the core group).
    public var group: String {
        // Every check of a monitoring kind asks this of every object: an ASCII apiVersion (all real
        // ones) is cut at its `/` byte; searching Characters cost ~3,000 instructions a call.
        let utf8 = apiVersion.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return "" }
            return String(apiVersion[..<slash])
        }
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// `apps/v1` -> `v1`.
    public var version: String {
        guard let slash = apiVersion.lastIndex(of: "/") else { return apiVersion }
        return String(apiVersion[apiVersion.index(after: slash)...])
    }

    /// `Deployment/web` or `Deployment/web (namespace shop)` for messages.
    public var displayName: String {
        let base = "\(kind.isEmpty ? "object" : kind)/\(name.isEmpty ? "(unnamed)" : name)"
        if let namespace { return "\(base) in namespace \(namespace)" }
        return base
    }

    /// The node at a dotted path from the document root: `object.node(at: "spec.template.spec.containers")`.
    public func node(at path: NodePath) -> YAMLNode? {
        root.node(at: path)
    }

    /// Where the node at `path` starts in the file; falls back to the nearest existing ancestor,
    /// so a finding about a missing field points at its parent.
    public func location(of path: NodePath) -> Location {
        var components = path.components
        while true {
            if let node = root.node(at: NodePath(components)) {
                return Location(file: file, position: node.position)
            }
            if components.isEmpty { return Location(file: file, position: root.position) }
            components.removeLast()
        }
    }

    /// Where the key holding the node at `path` is written (`image:` rather than the image text);
    /// falls back like `location(of:)`.
    public func keyLocation(of path: NodePath) -> Location {
        if let position = root.keyPosition(at: path) { return Location(file: file, position: position) }
        return location(of: path)
    }

    public func location(of node: YAMLNode) -> Location {
        Location(file: file, position: node.position)
    }

    /// Same namespace for cross-object checks: an unset namespace matches an unset namespace.
    public func sameNamespace(as other: ManifestObject) -> Bool {
        (namespace ?? "") == (other.namespace ?? "")
    }
}
