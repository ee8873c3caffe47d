/// `ingress-backend`: every Service backend of an Ingress (`spec.defaultBackend` and every
/// `spec.rules[].http.paths[].backend`; also the legacy `serviceName`/`servicePort` form) names a
/// Service of the run in the Ingress's namespace, and a port of that Service (`port.number` against
/// `spec.ports[].port`, `port.name` against `spec.ports[].name`). Skipped when the run holds no Service.
public struct IngressBackendCheck: Check {
    public let id = "ingress-backend"
    public let severity = Severity.error
    public let why = "An Ingress backend that names a missing Service or port answers 503 for its paths, although every object applies cleanly."
    public let fix = "Make backend.service.name and backend.service.port (number or name) match a Service and one of its spec.ports."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "Ingress", !context.objects(kind: "Service").isEmpty else { return [] }
        var backends: [NodePath] = [.specDefaultBackend, .specBackend]
        for (ruleIndex, rule) in (object.node(at: .specRules)?.items ?? []).enumerated() {
            for pathIndex in (rule["http"]?["paths"]?.items ?? []).indices {
                backends.append(NodePath.specRules.appending(index: ruleIndex)
                    .appending(key: "http").appending(key: "paths").appending(index: pathIndex).appending(key: "backend"))
            }
        }
        return backends.compactMap { backendFinding(at: $0, in: object, context: context) }
    }

    private func backendFinding(at backendPath: NodePath, in object: ManifestObject, context: CheckContext) -> Finding? {
        guard let backend = object.node(at: backendPath) else { return nil }
        let namePath: NodePath
        let portPath: NodePath
        if backend["service"] != nil {
            namePath = backendPath.appending(key: "service").appending(key: "name")
            let port = backendPath.appending(key: "service").appending(key: "port")
            portPath = backend["service"]?["port"]?["name"] != nil ? port.appending(key: "name") : port.appending(key: "number")
        } else if backend["serviceName"] != nil {
            namePath = backendPath.appending(key: "serviceName")
            portPath = backendPath.appending(key: "servicePort")
        } else {
            return nil  // a resource backend
        }
        guard let name = object.node(at: namePath)?.text else { return nil }
        guard let service = context.object(kind: "Service", named: name, sameNamespaceAs: object) else {
            return finding("backend names Service \(name), which is not in namespace \(object.namespace ?? "(default)") of the run", in: object, at: namePath)
        }
        guard let port = object.node(at: portPath) else { return nil }
        let servicePorts = service.node(at: .specPorts)?.items ?? []
        let found: Bool
        if let number = port.int {
            found = servicePorts.contains { $0["port"]?.int == number }
        } else {
            found = servicePorts.contains { $0["name"]?.text == port.text }
        }
        guard !found else { return nil }
        return finding("backend uses port \(port.text ?? port.typeName), which Service \(name) does not expose", in: object, at: portPath)
    }
}
