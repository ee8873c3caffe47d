/// `container-resources`: every container sets cpu and memory requests and limits.
public struct ContainerResourcesCheck: Check {
    public let id = "container-resources"
    public let severity = Severity.warning
    public let why = "Without requests the scheduler over-packs nodes; without limits one container can starve its neighbours or be OOM-killed unpredictably."
    public let fix = "Set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory on the container."

    public init() {}

    private static let required: [(section: String, resource: String)] = [
        ("requests", "cpu"), ("requests", "memory"), ("limits", "cpu"), ("limits", "memory"),
    ]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for container in object.containers where container.kind != .ephemeralContainer {
            let missing = Self.required.filter { container.node.node(at: NodePath([.key("resources"), .key($0.section), .key($0.resource)])) == nil }
            guard !missing.isEmpty else { continue }
            let names = missing.map { "\($0.section).\($0.resource)" }.joined(separator: ", ")
            var resourcesPath: NodePath { container.path.appending(key: "resources") }  // built only for a finding
            let anchor = container.node["resources"] == nil ? container.path : resourcesPath
            findings.append(finding(
                "container \"\(container.name)\" has no resources \(names)",
                in: object, at: anchor, atKey: anchor == resourcesPath, container: container
            ))
        }
        return findings
    }
}
