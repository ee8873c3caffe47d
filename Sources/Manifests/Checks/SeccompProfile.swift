/// `seccomp-profile`: every container runs under a seccomp profile of type `RuntimeDefault` or
/// `Localhost`, set in its own `securityContext.seccompProfile` or inherited from the pod's.
///
/// The legacy annotations (`seccomp.security.alpha.kubernetes.io/pod`,
/// `container.seccomp.security.alpha.kubernetes.io/NAME`) are recognised only to say so: the kubelet
/// ignores them since Kubernetes 1.27, so a pod that relies on them runs unconfined.
/// Windows pods are skipped.
public struct SeccompProfileCheck: Check {
    public let id = "seccomp-profile"
    public let severity = Severity.warning
    public let why = "Without a seccomp profile the container can call every system call of the node's kernel, which is how most container escapes start."
    public let fix = "Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost with a reviewed profile)."

    public init() {}

    static let confined: Set<String> = ["RuntimeDefault", "Localhost"]
    static let podAnnotation = "seccomp.security.alpha.kubernetes.io/pod"
    static let containerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/"

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec, !pod.isWindows else { return [] }
        var findings: [Finding] = []
        for container in pod.containers {
            if let profile = pod.effectiveSetting("seccompProfile", for: container) {
                let type = profile.node["type"]?.text
                if let type, Self.confined.contains(type) { continue }
                let source = profile.fromPod ? "the pod's" : "its"
                findings.append(finding(
                    "\(container.label) runs with \(source) seccompProfile type \(type ?? "(missing)")",
                    in: object, at: type == nil ? profile.path : profile.path.appending(key: "type"),
                    atKey: type == nil, container: container
                ))
                continue
            }
            let annotationKey = pod.annotations[Self.containerAnnotationPrefix + container.name] != nil
                ? Self.containerAnnotationPrefix + container.name
                : (pod.annotations[Self.podAnnotation] != nil ? Self.podAnnotation : nil)
            if let annotationKey {
                findings.append(finding(
                    "\(container.label) relies on the annotation \(annotationKey), which the kubelet ignores since Kubernetes 1.27",
                    in: object, at: pod.metadataPath.appending(key: "annotations").appending(key: annotationKey),
                    atKey: true, container: container
                ))
            } else {
                findings.append(finding(
                    "\(container.label) has no seccomp profile (neither it nor the pod sets securityContext.seccompProfile)",
                    in: object, at: container.securityContextPath, atKey: true, container: container
                ))
            }
        }
        return findings
    }
}
