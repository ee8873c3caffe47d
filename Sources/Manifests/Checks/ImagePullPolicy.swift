/// `image-pull-policy`: an image referenced by tag is pulled with `imagePullPolicy: Always`
/// (or pinned by digest, where the policy does not matter); `Never` is always a finding.
///
/// Why Always for tags: a tag can be pushed again. With `IfNotPresent` (the default for any tag but
/// `latest`) each node keeps whatever it pulled first, so one Deployment runs different code on
/// different nodes. `Always` makes the kubelet resolve the tag to a digest at every container start
/// (one manifest request; unchanged layers are not downloaded again) and re-checks registry access,
/// so a node's cached copy of a private image is not handed to a pod without pull rights.
/// A digest (`app@sha256:...`) is immutable, so any policy but `Never` is fine for it.
/// Images without a tag or with `latest` are left to `image-tag` (their default policy is Always).
public struct ImagePullPolicyCheck: Check {
    public let id = "image-pull-policy"
    public let severity = Severity.warning
    public let why = "A tag can be re-pushed: with IfNotPresent each node keeps the image it pulled first, so one rollout runs different code on different nodes; Never fails on every node that lacks the image."
    public let fix = "Set imagePullPolicy: Always, or pin the image by digest (app@sha256:...)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for container in object.containers {
            guard let image = container.image, !image.isEmpty else { continue }
            var policyPath: NodePath { container.path.appending(key: "imagePullPolicy") }  // built only for a finding
            let policy = container.node["imagePullPolicy"]?.text
            if policy == "Never" {
                findings.append(finding("\(container.label) sets imagePullPolicy Never", in: object, at: policyPath, container: container))
                continue
            }
            guard case let .tag(tag) = ImageTagCheck.tag(of: image), tag != "latest", policy != "Always" else { continue }
            if let policy {
                findings.append(finding(
                    "\(container.label) pulls image \"\(image)\" by tag with imagePullPolicy \(policy)",
                    in: object, at: policyPath, container: container
                ))
            } else {
                findings.append(finding(
                    "\(container.label) pulls image \"\(image)\" by tag with no imagePullPolicy (defaults to IfNotPresent)",
                    in: object, at: container.path.appending(key: "image"), container: container
                ))
            }
        }
        return findings
    }
}
