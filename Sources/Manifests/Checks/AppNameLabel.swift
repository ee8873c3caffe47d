/// `app-name-label`: workloads, Services and Ingresses carry `app.kubernetes.io/name` in their
/// labels, and a workload's pod template carries it too (the required one of the recommended labels;
/// the others are `recommended-labels`, at info level).
public struct AppNameLabelCheck: Check {
    public let id = "app-name-label"
    public let severity = Severity.warning
    public let why = "Tools (dashboards, kubectl -l, cost reports, Prometheus relabelling) group objects and pods by app.kubernetes.io/name; without it the application's parts cannot be found together."
    public let fix = "Add the label app.kubernetes.io/name: <application> to metadata.labels and to the pod template's labels."

    public init() {}

    static let label = "app.kubernetes.io/name"

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard LabelledKinds.kinds.contains(object.kind) else { return [] }
        var findings: [Finding] = []
        if (object.labels[Self.label] ?? "").isEmpty {
            findings.append(finding(
                "\(object.kind) \(object.name) has no label \(Self.label)",
                in: object, at: LabelledKinds.labelsAnchor(in: object, metadata: "metadata"), atKey: true
            ))
        }
        if object.kind != "Pod", let pod = object.podSpec, (pod.labels[Self.label] ?? "").isEmpty {
            findings.append(finding(
                "the pod template of \(object.kind) \(object.name) has no label \(Self.label)",
                in: object, at: LabelledKinds.labelsAnchor(in: object, metadata: pod.metadataPath), atKey: true
            ))
        }
        return findings
    }
}
