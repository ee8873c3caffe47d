/// `recommended-labels`: workloads, Services and Ingresses carry the advised recommended labels
/// `app.kubernetes.io/instance`, `app.kubernetes.io/version`, `app.kubernetes.io/component` and
/// `app.kubernetes.io/part-of` (info: helpful, not required; `app.kubernetes.io/name` is `app-name-label`).
public struct RecommendedLabelsCheck: Check {
    public let id = "recommended-labels"
    public let severity = Severity.info
    public let why = "The recommended labels tell which release, version and part of a system an object belongs to, so tools and people can tell two installs of the same app apart."
    public let fix = "Add app.kubernetes.io/instance, app.kubernetes.io/version, app.kubernetes.io/component and app.kubernetes.io/part-of to metadata.labels."

    public init() {}

    static let advised = ["app.kubernetes.io/instance", "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of"]

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard LabelledKinds.kinds.contains(object.kind) else { return [] }
        let missing = Self.advised.filter { (object.labels[$0] ?? "").isEmpty }
        guard !missing.isEmpty else { return [] }
        return [finding(
            "\(object.kind) \(object.name) lacks the recommended label\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))",
            in: object, at: LabelledKinds.labelsAnchor(in: object, metadata: "metadata"), atKey: true
        )]
    }
}
