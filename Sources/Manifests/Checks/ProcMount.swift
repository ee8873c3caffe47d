/// `proc-mount`: no container sets `securityContext.procMount: Unmasked`.
public struct ProcMountCheck: Check {
    public let id = "proc-mount"
    public let severity = Severity.error
    public let why = "Unmasked /proc exposes the kernel's masked paths (/proc/kcore, /proc/sysrq-trigger, ...) to the container, which are ways to read host memory or crash the node."
    public let fix = "Remove procMount (the default, Default, masks those paths)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec else { return [] }
        return pod.containers.compactMap { container in
            guard let setting = pod.containerSetting("procMount", of: container), setting.node.text == "Unmasked" else { return nil }
            return finding("\(container.label) mounts /proc unmasked", in: object, at: setting.path, container: container)
        }
    }
}
