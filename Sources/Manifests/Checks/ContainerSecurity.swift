/// A security field as it applies to one container, with where it was written.
struct SecuritySetting {
    var node: YAMLNode
    var path: NodePath
    /// True when the value comes from the pod's `securityContext` (the container does not set it).
    var fromPod: Bool
}

/// Reading security settings the way the kubelet does: a field of the container's `securityContext`
/// wins over the same field of the pod's `securityContext`. Shared by the security checks.
extension PodSpecRef {
    /// `spec.os.name: windows`: the Linux security fields do not apply (the API rejects them there).
    var isWindows: Bool { node["os"]?["name"]?.text == "windows" }

    /// The container's own `securityContext.<field>`, or nil.
    func containerSetting(_ field: String, of container: ContainerRef) -> SecuritySetting? {
        guard let node = container.node["securityContext"]?[field], !node.isNull else { return nil }
        return SecuritySetting(node: node, path: container.path.appending(key: "securityContext").appending(key: field), fromPod: false)
    }

    /// The pod's `securityContext.<field>`, or nil.
    func podSetting(_ field: String) -> SecuritySetting? {
        guard let node = node["securityContext"]?[field], !node.isNull else { return nil }
        return SecuritySetting(node: node, path: path.appending(key: "securityContext").appending(key: field), fromPod: true)
    }

    /// The container's field, else the pod's (for fields both levels have: runAsUser, runAsNonRoot, seccompProfile).
    func effectiveSetting(_ field: String, for container: ContainerRef) -> SecuritySetting? {
        containerSetting(field, of: container) ?? podSetting(field)
    }
}

extension ContainerRef {
    /// Path of the container's `securityContext` (for "missing" findings: point at it with `atKey: true`,
    /// which falls back to the container when there is no securityContext at all).
    var securityContextPath: NodePath { path.appending(key: "securityContext") }

    /// `container "web"` / `init container "migrate"` for messages.
    var label: String {
        switch kind {
        case .container: return "container \"\(name)\""
        case .initContainer: return "init container \"\(name)\""
        case .ephemeralContainer: return "ephemeral container \"\(name)\""
        }
    }
}
