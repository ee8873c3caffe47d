/// `host-namespaces`: no pod shares the node's network, process or IPC namespace
/// (`hostNetwork`, `hostPID`, `hostIPC`).
public struct HostNamespacesCheck: Check {
    public let id = "host-namespaces"
    public let severity = Severity.error
    public let why = "hostNetwork exposes the node's interfaces and localhost services, hostPID lets the pod see and signal every process on the node, hostIPC shares its memory segments: each breaks the isolation between pod and node."
    public let fix = "Remove hostNetwork/hostPID/hostIPC (or set them false); expose ports through a Service instead."

    public init() {}

    static let fields = ["hostNetwork", "hostPID", "hostIPC"]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec else { return [] }
        return Self.fields.compactMap { field in
            guard pod.node[field]?.bool == true else { return nil }
            return finding("pod of \(object.displayName) sets \(field) true", in: object, at: pod.path.appending(key: field))
        }
    }
}
