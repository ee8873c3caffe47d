/// `duplicate-env`: no container lists the same `env[].name` twice.
public struct DuplicateEnvCheck: Check {
    public let id = "duplicate-env"
    public let severity = Severity.warning
    public let why = "With a repeated env name the last entry silently wins, so the value a reader sees first is not the one the program gets (and kubectl apply's merge can drop one of them)."
    public let fix = "Keep one entry per variable name and delete the others."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for container in object.containers {
            var firstLine: [String: Int] = [:]
            for (index, variable) in (container.node["env"]?.items ?? []).enumerated() {
                guard let nameNode = variable["name"], let name = nameNode.text else { continue }
                guard let line = firstLine[name] else {
                    firstLine[name] = nameNode.position.line
                    continue
                }
                findings.append(finding(
                    "\(container.label) sets env \(name) again (first on line \(line)); the last entry wins",
                    in: object, at: container.path.appending(key: "env").appending(index: index).appending(key: "name"), container: container
                ))
            }
        }
        return findings
    }
}
