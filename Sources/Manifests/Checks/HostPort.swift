/// `host-port`: no container port sets `hostPort`.
public struct HostPortCheck: Check {
    public let id = "host-port"
    public let severity = Severity.warning
    public let why = "A hostPort binds the port on the node's own addresses, bypassing Services and NetworkPolicies, and allows one such pod per node, so replicas stay Pending."
    public let fix = "Remove hostPort and expose the port through a Service (NodePort or LoadBalancer if it must be reachable from outside)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        object.containers.flatMap { container in
            (container.node["ports"]?.items ?? []).enumerated().compactMap { index, port -> Finding? in
                guard let hostPort = port["hostPort"]?.text, hostPort != "0" else { return nil }
                return finding("\(container.label) binds hostPort \(hostPort) on the node", in: object,
                               at: container.path.appending(key: "ports").appending(index: index).appending(key: "hostPort"), container: container)
            }
        }
    }
}
