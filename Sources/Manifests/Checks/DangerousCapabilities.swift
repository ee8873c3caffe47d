/// `dangerous-capabilities`: no container adds a capability outside the Pod Security Standards
/// baseline set: ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, NET_RAW, ... (with or without `CAP_`).
public struct DangerousCapabilitiesCheck: Check {
    public let id = "dangerous-capabilities"
    public let severity = Severity.error
    public let why = "Capabilities like SYS_ADMIN, SYS_MODULE or SYS_PTRACE are known container-escape paths, and NET_ADMIN/NET_RAW let a process rewrite or spoof the node's traffic."
    public let fix = "Remove the capability from securityContext.capabilities.add; if it is truly needed, isolate the workload and ignore this check with a reason."

    public init() {}

    /// The capabilities the Pod Security Standards "baseline" profile lets a pod add (the container
    /// runtime's default set minus NET_RAW). Adding anything else (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE,
    /// SYS_MODULE, NET_RAW, BPF, ...) is a finding.
    static let baseline: Set<String> = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]

    /// `cap_sys_admin` -> `SYS_ADMIN`.
    static func normalized(_ capability: String) -> String {
        let upper = capability.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for container in object.containers {
            var addPath: NodePath { container.securityContextPath.appending(key: "capabilities").appending(key: "add") }  // built only for a finding
            let added = container.node["securityContext"]?["capabilities"]?["add"]?.items ?? []
            for (index, item) in added.enumerated() {
                guard let capability = item.text, !Self.baseline.contains(Self.normalized(capability)) else { continue }
                findings.append(finding(
                    "\(container.label) adds capability \(capability)",
                    in: object, at: addPath.appending(index: index), container: container
                ))
            }
        }
        return findings
    }
}
