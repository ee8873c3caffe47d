/// How prometheus-operator objects pick what they scrape and who picks them: the namespaces a
/// `namespaceSelector` names, the Services and pods a ServiceMonitor or PodMonitor selects, and
/// Prometheus' duration strings. Shared by the monitoring checks (`service-monitor-target`, ...).
enum MonitoringSelection {
    static let group = "monitoring.coreos.com"

    /// True for an object of prometheus-operator's API group and the given kind.
    static func isMonitoring(_ object: ManifestObject, kind: String) -> Bool {
        object.kind == kind && object.group == group
    }

    /// The namespaces a monitor's `spec.namespaceSelector` targets: `any: true` -> nil (every namespace),
    /// `matchNames` -> those, otherwise the monitor's own namespace.
    static func targetNamespaces(of monitor: ManifestObject) -> Set<String>? {
        let selector = monitor.node(at: "spec.namespaceSelector")
        if selector?["any"]?.bool == true { return nil }
        if let names = selector?["matchNames"]?.items?.compactMap(\.text), !names.isEmpty { return Set(names) }
        return [monitor.namespace ?? ""]
    }

    /// Objects of `kind` in the targeted namespaces (nil = all), through the namespace index.
    static func objects(kind: String, in namespaces: Set<String>?, context: CheckContext) -> [ManifestObject] {
        guard let namespaces else { return context.objects(kind: kind) }
        return namespaces.sorted().flatMap { context.objects(kind: kind, namespace: $0) }
    }

    /// Pod carriers (workloads, Pods, CronJobs) in the namespaces whose pod labels match `selector`.
    static func pods(matching selector: LabelSelector, in namespaces: Set<String>?, context: CheckContext) -> [ManifestObject] {
        let names = namespaces.map { $0.sorted() } ?? Set(context.objects.map { $0.namespace ?? "" }).sorted()
        return names.flatMap { context.podCarriers(matching: selector, namespace: $0) }
    }

    /// True when the run holds some object of a pod-carrying kind in the namespaces.
    static func hasPods(in namespaces: Set<String>?, context: CheckContext) -> Bool {
        ManifestObject.podCarryingKinds.contains { !objects(kind: $0, in: namespaces, context: context).isEmpty }
    }

    /// The container ports (`name`, `containerPort`) of every container of the pod carriers.
    static func containerPorts(of carriers: [ManifestObject]) -> (names: Set<String>, numbers: Set<String>) {
        var names: Set<String> = [], numbers: Set<String> = []
        for carrier in carriers {
            for container in carrier.containers {
                for port in container.node["ports"]?.items ?? [] {
                    if let name = port["name"]?.text { names.insert(name) }
                    if let number = port["containerPort"]?.text { numbers.insert(number) }
                }
            }
        }
        return (names, numbers)
    }

    /// A Prometheus duration (`30s`, `1m30s`, `500ms`, `1h`) in milliseconds; nil when it is not one.
    static func milliseconds(_ text: String) -> Int? {
        let units: [(String, Int)] = [("ms", 1), ("y", 31_536_000_000), ("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        var rest = Substring(text)
        var total = 0
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return 0 }
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isNumber)
            guard !digits.isEmpty, digits.count < 12, let value = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return total
    }

    /// The scrape endpoints of a ServiceMonitor (`spec.endpoints`), PodMonitor (`spec.podMetricsEndpoints`),
    /// or the single endpoint of a Probe or ScrapeConfig (`spec`), with their paths.
    static func endpoints(of object: ManifestObject) -> [(node: YAMLNode, path: NodePath)] {
        guard object.group == group else { return [] }
        let list: NodePath
        switch object.kind {
        case "ServiceMonitor": list = "spec.endpoints"
        case "PodMonitor": list = "spec.podMetricsEndpoints"
        case "Probe", "ScrapeConfig":
            return object.node(at: .spec).map { [($0, NodePath.spec)] } ?? []
        default: return []
        }
        return (object.node(at: list)?.items ?? []).enumerated().filter { $0.element.isMapping }.map { ($0.element, list.appending(index: $0.offset)) }
    }
}
