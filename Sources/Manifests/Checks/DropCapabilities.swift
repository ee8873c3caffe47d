/// `drop-capabilities`: every container drops all Linux capabilities
/// (`securityContext.capabilities.drop: [ALL]`) and adds back only what it needs. Windows pods are skipped.
public struct DropCapabilitiesCheck: Check {
    public let id = "drop-capabilities"
    public let severity = Severity.warning
    public let why = "The runtime's default capability set (NET_RAW, CHOWN, SETUID, ...) lets a compromised process spoof packets or change file ownership; almost no service needs any of it."
    public let fix = "Set securityContext.capabilities.drop: [ALL] and list in add only the capabilities the program needs."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec, !pod.isWindows else { return [] }
        var findings: [Finding] = []
        for container in pod.containers {
            var capabilitiesPath: NodePath { container.securityContextPath.appending(key: "capabilities") }  // built only for a finding
            let drop = container.node["securityContext"]?["capabilities"]?["drop"]
            let dropsAll = (drop?.items ?? []).contains { $0.text?.uppercased() == "ALL" }
            guard !dropsAll else { continue }
            if drop != nil {
                findings.append(finding(
                    "\(container.label) drops some capabilities but not ALL",
                    in: object, at: capabilitiesPath.appending(key: "drop"), atKey: true, container: container
                ))
            } else {
                let anchor = container.node["securityContext"]?["capabilities"] != nil ? capabilitiesPath : container.securityContextPath
                findings.append(finding(
                    "\(container.label) does not drop capabilities (capabilities.drop: [ALL] is missing)",
                    in: object, at: anchor, atKey: true, container: container
                ))
            }
        }
        return findings
    }
}
