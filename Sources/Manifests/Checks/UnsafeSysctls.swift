/// `unsafe-sysctls`: a pod's `securityContext.sysctls` name only the sysctls Kubernetes calls safe
/// (namespaced, no effect on other pods); the kubelet rejects the others unless allowed node by node.
public struct UnsafeSysctlsCheck: Check {
    public let id = "unsafe-sysctls"
    public let severity = Severity.error
    public let why = "An unsafe sysctl changes kernel settings other pods on the node share (memory, network stack): the pod fails with SysctlForbidden on a default kubelet, and where it is allowed it can starve or break its neighbours."
    public let fix = "Remove the sysctl, or run the workload on dedicated nodes whose kubelet allows it (--allowed-unsafe-sysctls) and ignore this check with a reason."

    public init() {}

    static let safe: Set<String> = [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
        "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
    ]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec else { return [] }
        return (pod.node["securityContext"]?["sysctls"]?.items ?? []).enumerated().compactMap { index, sysctl in
            guard let name = sysctl["name"]?.text, !Self.safe.contains(name.replacingOccurrences(of: "/", with: ".")) else { return nil }
            return finding("sysctl \(name) is not in Kubernetes' safe set", in: object,
                           at: pod.path.appending(key: "securityContext").appending(key: "sysctls").appending(index: index).appending(key: "name"))
        }
    }
}
