/// `memory-request`: a container that sets `resources.limits.memory` also sets `resources.requests.memory`.
public struct MemoryRequestCheck: Check {
    public let id = "memory-request"
    public let severity = Severity.warning
    public let why = "With a memory limit and no request, Kubernetes silently sets the request to the limit: the scheduler reserves the whole limit on a node, and lowering the limit later also lowers what the pod is guaranteed."
    public let fix = "Set resources.requests.memory to what the container normally uses (and keep the limit above it)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        object.containers.compactMap { container in
            let resources = container.node["resources"]
            guard resources?["limits"]?["memory"] != nil, resources?["requests"]?["memory"] == nil else { return nil }
            return finding("\(container.label) sets limits.memory without requests.memory", in: object,
                           at: container.path.appending(key: "resources").appending(key: "limits").appending(key: "memory"), container: container)
        }
    }
}
