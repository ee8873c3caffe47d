/// `run-as-non-root`: every container runs as a non-root user: `runAsNonRoot: true` or a non-zero
/// `runAsUser`, set on the container or inherited from the pod (the container's field wins).
/// `runAsUser: 0` is a finding wherever it applies, even next to `runAsNonRoot: true`
/// (the kubelet then refuses to start the container). Windows pods are skipped.
public struct RunAsNonRootCheck: Check {
    public let id = "run-as-non-root"
    public let severity = Severity.error
    public let why = "A process running as root inside the container is root on the node after any container escape, and can write everywhere in its own image."
    public let fix = "Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser, and build the image with a non-root USER."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec, !pod.isWindows else { return [] }
        var findings: [Finding] = []
        for container in pod.containers {
            let user = pod.effectiveSetting("runAsUser", for: container)
            let nonRoot = pod.effectiveSetting("runAsNonRoot", for: container)
            if let user, user.node.int == 0 {
                let source = user.fromPod ? " (from the pod securityContext)" : ""
                findings.append(finding("\(container.label) runs as root: runAsUser 0\(source)", in: object, at: user.path, container: container))
            } else if nonRoot?.node.bool == true {
                continue
            } else if let uid = user?.node.int, uid > 0 {
                continue
            } else if let nonRoot, nonRoot.node.bool == false {
                let source = nonRoot.fromPod ? " (from the pod securityContext)" : ""
                findings.append(finding("\(container.label) sets runAsNonRoot false\(source)", in: object, at: nonRoot.path, container: container))
            } else {
                findings.append(finding(
                    "\(container.label) may run as root: neither it nor the pod sets runAsNonRoot true or a non-zero runAsUser",
                    in: object, at: container.securityContextPath, atKey: true, container: container
                ))
            }
        }
        return findings
    }
}
