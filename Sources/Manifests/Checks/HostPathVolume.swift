/// `host-path-volume`: any hostPath volume is a warning; the system folders and runtime sockets that
/// give away the node are `host-path`'s errors (not reported twice).
public struct HostPathVolumeCheck: Check {
    public let id = "host-path-volume"
    public let severity = Severity.warning
    public let why = "Any hostPath ties the pod to one node's disk and reads or writes outside the container: a hostPath on /var/log reads every pod's logs on the node, and a writable one can plant files other pods or the node use."
    public let fix = "Use an emptyDir, configMap, secret or persistentVolumeClaim volume; if a node agent truly needs the folder, mount it readOnly and ignore this check with a reason."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec else { return [] }
        var findings: [Finding] = []
        for (index, volume) in (pod.node["volumes"]?.items ?? []).enumerated() {
            guard let path = volume["hostPath"]?["path"]?.text, HostPathCheck.reason(for: path) == nil else { continue }
            let name = volume["name"]?.text ?? "(unnamed)"
            findings.append(finding("volume \"\(name)\" mounts hostPath \(path) from the node", in: object,
                                    at: pod.path.appending(key: "volumes").appending(index: index).appending(key: "hostPath").appending(key: "path")))
        }
        return findings
    }
}
