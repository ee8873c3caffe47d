/// `missing-reference`: every ConfigMap, Secret and PersistentVolumeClaim a pod spec names (env
/// `valueFrom`, `envFrom`, volumes, projected volumes, `imagePullSecrets`) is in the run — judged only
/// when the run holds objects of that kind in the pod's namespace, so a partial run stays quiet.
/// References marked `optional: true` are skipped.
public struct MissingReferenceCheck: Check {
    public let id = "missing-reference"
    public let severity = Severity.error
    public let why = "A pod that names a missing ConfigMap, Secret or claim applies cleanly and then never starts (CreateContainerConfigError, or Pending on the volume)."
    public let fix = "Fix the name to match the object in the run, add the object, or mark an optional reference optional: true."

    public init() {}

    struct Reference {
        var kind: String
        var name: String
        var path: NodePath
        var container: ContainerRef?
    }

    static func references(in pod: PodSpecRef) -> [Reference] {
        var found: [Reference] = []
        // The path is built only for a reference found: most env variables and volumes hold none.
        func add(_ kind: String, _ node: YAMLNode?, key: String, at path: @autoclosure () -> NodePath, container: ContainerRef? = nil) {
            guard let node, node["optional"]?.bool != true, let name = node[key]?.text else { return }
            found.append(Reference(kind: kind, name: name, path: path().appending(key: key), container: container))
        }
        for container in pod.containers {
            for (index, variable) in (container.node["env"]?.items ?? []).enumerated() {
                guard let valueFrom = variable["valueFrom"] else { continue }
                let path = { container.path.appending(key: "env").appending(index: index).appending(key: "valueFrom") }
                add("ConfigMap", valueFrom["configMapKeyRef"], key: "name", at: path().appending(key: "configMapKeyRef"), container: container)
                add("Secret", valueFrom["secretKeyRef"], key: "name", at: path().appending(key: "secretKeyRef"), container: container)
            }
            for (index, source) in (container.node["envFrom"]?.items ?? []).enumerated() {
                let path = { container.path.appending(key: "envFrom").appending(index: index) }
                add("ConfigMap", source["configMapRef"], key: "name", at: path().appending(key: "configMapRef"), container: container)
                add("Secret", source["secretRef"], key: "name", at: path().appending(key: "secretRef"), container: container)
            }
        }
        for (index, volume) in (pod.node["volumes"]?.items ?? []).enumerated() {
            let path = { pod.path.appending(key: "volumes").appending(index: index) }
            add("ConfigMap", volume["configMap"], key: "name", at: path().appending(key: "configMap"))
            add("Secret", volume["secret"], key: "secretName", at: path().appending(key: "secret"))
            add("PersistentVolumeClaim", volume["persistentVolumeClaim"], key: "claimName", at: path().appending(key: "persistentVolumeClaim"))
            for (sourceIndex, source) in (volume["projected"]?["sources"]?.items ?? []).enumerated() {
                let sourcePath = { path().appending(key: "projected").appending(key: "sources").appending(index: sourceIndex) }
                add("ConfigMap", source["configMap"], key: "name", at: sourcePath().appending(key: "configMap"))
                add("Secret", source["secret"], key: "name", at: sourcePath().appending(key: "secret"))
            }
        }
        for (index, secret) in (pod.node["imagePullSecrets"]?.items ?? []).enumerated() {
            add("Secret", secret, key: "name", at: pod.path.appending(key: "imagePullSecrets").appending(index: index))
        }
        return found
    }

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec else { return [] }
        return Self.references(in: pod).compactMap { reference in
            guard context.hasObjects(kind: reference.kind, sameNamespaceAs: object),
                  context.object(kind: reference.kind, named: reference.name, sameNamespaceAs: object) == nil
            else { return nil }
            let namespace = object.namespace ?? "(default)"
            return finding("\(reference.kind) \(reference.name) is not in the run (namespace \(namespace) has other \(reference.kind)s)",
                           in: object, at: reference.path, container: reference.container)
        }
    }
}
