/// `privileged`: no container runs with `securityContext.privileged: true`.
public struct PrivilegedCheck: Check {
    public let id = "privileged"
    public let severity = Severity.error
    public let why = "A privileged container has every capability and all host devices: it is root on the node, and one compromise takes the node."
    public let fix = "Remove privileged: true; add only the single capability the program needs (and say why in a comment)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec else { return [] }
        return pod.containers.compactMap { container in
            guard let setting = pod.containerSetting("privileged", of: container), setting.node.bool == true else { return nil }
            return finding("\(container.label) is privileged", in: object, at: setting.path, container: container)
        }
    }
}
