/// `read-only-root-filesystem`: every container sets `securityContext.readOnlyRootFilesystem: true`
/// (a container-only field; the pod has none). Windows pods are skipped.
public struct ReadOnlyRootFilesystemCheck: Check {
    public let id = "read-only-root-filesystem"
    public let severity = Severity.warning
    public let why = "A writable root filesystem lets an attacker drop tools or change binaries in a running container, and hides state that is lost on restart."
    public let fix = "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the program must write (/tmp, caches)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec, !pod.isWindows else { return [] }
        var findings: [Finding] = []
        for container in pod.containers {
            if let setting = pod.containerSetting("readOnlyRootFilesystem", of: container) {
                guard setting.node.bool != true else { continue }
                findings.append(finding(
                    "\(container.label) sets readOnlyRootFilesystem \(setting.node.text ?? setting.node.typeName)",
                    in: object, at: setting.path, container: container
                ))
            } else {
                findings.append(finding(
                    "\(container.label) does not set readOnlyRootFilesystem true",
                    in: object, at: container.securityContextPath, atKey: true, container: container
                ))
            }
        }
        return findings
    }
}
