/// `allow-privilege-escalation`: every container sets `securityContext.allowPrivilegeEscalation: false`
/// (unset means true). Windows pods are skipped.
public struct AllowPrivilegeEscalationCheck: Check {
    public let id = "allow-privilege-escalation"
    public let severity = Severity.warning
    public let why = "Unless allowPrivilegeEscalation is false, a setuid binary or file capability in the image lets a process gain more privileges than the container started with."
    public let fix = "Set securityContext.allowPrivilegeEscalation: false on the container."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec, !pod.isWindows else { return [] }
        var findings: [Finding] = []
        for container in pod.containers {
            if let setting = pod.containerSetting("allowPrivilegeEscalation", of: container) {
                guard setting.node.bool != false else { continue }
                findings.append(finding(
                    "\(container.label) sets allowPrivilegeEscalation \(setting.node.text ?? setting.node.typeName)",
                    in: object, at: setting.path, container: container
                ))
            } else {
                findings.append(finding(
                    "\(container.label) does not set allowPrivilegeEscalation false (defaults to true)",
                    in: object, at: container.securityContextPath, atKey: true, container: container
                ))
            }
        }
        return findings
    }
}
