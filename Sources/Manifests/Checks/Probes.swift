/// `probes`: every long-running container has a liveness and a readiness probe, the two are not
/// identical, and every probe port exists on the container.
///
/// Long-running: regular containers and sidecar init containers (`restartPolicy: Always`) of
/// workloads that do not run to completion (Jobs and CronJobs are skipped for presence). Port rule:
/// a named port must be one of the container's `ports[].name`; a numeric port must be one of its
/// `containerPort`s when the container lists ports (undeclared ports still work, so a container
/// without a `ports` list is not judged on numbers).
public struct ProbesCheck: Check {
    public let id = "probes"
    public let severity = Severity.warning
    public let why = "Without a readiness probe traffic reaches pods that are not ready; without a liveness probe a hung process is never restarted; identical probes restart pods that are only busy; a probe on a port the container lacks fails every time."
    public let fix = "Give the container a readinessProbe and a different, laxer livenessProbe, both on a port listed in its ports."

    public init() {}

    static let runToCompletion: Set<String> = ["Job", "CronJob"]
    static let probeKeys = ["livenessProbe", "readinessProbe", "startupProbe"]
    static let handlerKeys = ["httpGet", "tcpSocket", "grpc"]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for container in object.containers {
            findings += portFindings(container, in: object)
            let longRunning = container.kind == .container
                || (container.kind == .initContainer && container.node["restartPolicy"]?.text == "Always")
            guard longRunning, !Self.runToCompletion.contains(object.kind) else { continue }
            let liveness = container.node["livenessProbe"]
            let readiness = container.node["readinessProbe"]
            let missing = [("livenessProbe", liveness), ("readinessProbe", readiness)].filter { $0.1 == nil }.map(\.0)
            if !missing.isEmpty {
                let list = missing.map { "no \($0)" }.joined(separator: " and ")
                findings.append(finding("\(container.label) has \(list)", in: object, at: container.path, container: container))
            } else if let liveness, let readiness, Self.sameContent(liveness, readiness) {
                findings.append(finding(
                    "\(container.label) has identical livenessProbe and readinessProbe",
                    in: object, at: container.path.appending(key: "livenessProbe"), atKey: true, container: container
                ))
            }
        }
        return findings
    }

    /// Findings for probe ports that the container does not have.
    private func portFindings(_ container: ContainerRef, in object: ManifestObject) -> [Finding] {
        let ports = container.node["ports"]?.items ?? []
        let names = Set(ports.compactMap { $0["name"]?.text })
        let numbers = Set(ports.compactMap { $0["containerPort"]?.int })
        var findings: [Finding] = []
        for probeKey in Self.probeKeys {
            guard let probe = container.node[probeKey] else { continue }
            for handler in Self.handlerKeys {
                guard let port = probe[handler]?["port"] else { continue }
                var portPath: NodePath { container.path.appending(key: probeKey).appending(key: handler).appending(key: "port") }  // built only for a finding
                if let number = port.int {
                    guard !ports.isEmpty, !numbers.contains(number) else { continue }
                    findings.append(finding(
                        "\(container.label) \(probeKey) uses port \(number), which is not among its containerPorts",
                        in: object, at: portPath, container: container
                    ))
                } else if let name = port.text, !names.contains(name) {
                    findings.append(finding(
                        "\(container.label) \(probeKey) uses port \"\(name)\", which names no port of the container",
                        in: object, at: portPath, container: container
                    ))
                }
            }
        }
        return findings
    }

    /// Structural equality of two nodes, ignoring positions and key order.
    static func sameContent(_ lhs: YAMLNode, _ rhs: YAMLNode) -> Bool {
        switch (lhs.content, rhs.content) {
        case let (.scalar(a), .scalar(b)):
            return a == b
        case let (.sequence(a), .sequence(b)):
            return a.count == b.count && zip(a, b).allSatisfy { sameContent($0, $1) }
        case let (.mapping(a), .mapping(b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { entry in rhs[entry.key].map { sameContent(entry.value, $0) } ?? false }
        default:
            return false
        }
    }
}
