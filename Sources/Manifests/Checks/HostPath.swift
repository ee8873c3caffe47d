/// `host-path`: no hostPath volume mounts a sensitive part of the node (`/`, `/etc`, `/proc`, `/sys`,
/// `/dev`, `/boot`, `/root`, `/home`, `/var/lib/kubelet`, the container runtime's state) or a
/// container runtime socket (docker, containerd, CRI-O, podman).
public struct HostPathCheck: Check {
    public let id = "host-path"
    public let severity = Severity.error
    public let why = "A hostPath on the node's system folders or the container runtime socket hands the pod the node: it can read other pods' secrets, change the kubelet's files or start privileged containers."
    public let fix = "Use a configMap, secret, emptyDir or persistentVolumeClaim volume instead of hostPath."

    public init() {}

    /// Folders whose content (or any part of it) must not reach a pod.
    static let sensitiveFolders = [
        "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/home", "/var/lib/kubelet", "/var/lib/docker",
        "/var/lib/containerd", "/var/lib/containers", "/var/lib/etcd", "/etc/kubernetes", "/run/containerd",
        "/var/run/containerd", "/run/crio", "/var/run/crio",
    ]

    /// Folders that hold the runtime sockets: mounting one of them (or the socket) controls the runtime.
    static let socketFolders = ["/run", "/var/run"]

    static let sockets = [
        "docker.sock", "containerd.sock", "crio.sock", "podman.sock", "cri-dockerd.sock", "dockershim.sock",
    ]

    /// `//var/lib//kubelet/` -> `/var/lib/kubelet`.
    static func normalized(_ path: String) -> String {
        let parts = path.split(separator: "/").filter { $0 != "." }
        return "/" + parts.joined(separator: "/")
    }

    /// Why the path is sensitive, or nil.
    static func reason(for rawPath: String) -> String? {
        let path = normalized(rawPath)
        if path == "/" { return "the node's root filesystem" }
        if let socket = sockets.first(where: { path.hasSuffix("/" + $0) }) { return "the container runtime socket \(socket)" }
        if socketFolders.contains(path) { return "the folder of the container runtime sockets" }
        if sensitiveFolders.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { return "a sensitive node folder" }
        return nil
    }

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec else { return [] }
        var findings: [Finding] = []
        for (index, volume) in (pod.node["volumes"]?.items ?? []).enumerated() {
            guard let path = volume["hostPath"]?["path"]?.text, let reason = Self.reason(for: path) else { continue }
            let volumeName = volume["name"]?.text ?? "(unnamed)"
            findings.append(finding(
                "volume \"\(volumeName)\" mounts hostPath \(path), \(reason)",
                in: object, at: pod.path.appending(key: "volumes").appending(index: index).appending(key: "hostPath").appending(key: "path")
            ))
        }
        return findings
    }
}
