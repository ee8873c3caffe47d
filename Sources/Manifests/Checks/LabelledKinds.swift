/// The kinds the label checks (`app-name-label`, `recommended-labels`) look at: what a team ships
/// for one application, where dashboards, cost reports and `kubectl get -l` group by these labels.
enum LabelledKinds {
    static let kinds: Set<String> = [
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "Service", "Ingress",
    ]

    /// Path of `metadata.labels` (or `metadata` when there are no labels) for a finding about a missing label.
    static func labelsAnchor(in object: ManifestObject, metadata: NodePath) -> NodePath {
        object.node(at: metadata.appending(key: "labels")) != nil ? metadata.appending(key: "labels") : metadata
    }
}
