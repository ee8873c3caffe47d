/// Deprecated and removed apiVersions (Kubernetes' deprecation guide,
/// https://kubernetes.io/docs/reference/using-api/deprecation-guide/). One row per apiVersion/kind.
public enum APIVersionTable {
    public struct Entry: Sendable, Hashable {
        public var apiVersion: String
        /// nil: every kind of the apiVersion.
        public var kind: String?
        public var deprecatedIn: String
        /// nil: deprecated, removal not scheduled.
        public var removedIn: String?
        public var replacement: String
    }

    public enum Status: Sendable, Hashable {
        case removed(Entry)
        case deprecated(Entry)
    }

    public static let entries: [Entry] = [
        // Removed in 1.16
        Entry(apiVersion: "extensions/v1beta1", kind: "Deployment", deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1"),
        Entry(apiVersion: "extensions/v1beta1", kind: "DaemonSet", deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1"),
        Entry(apiVersion: "extensions/v1beta1", kind: "ReplicaSet", deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1"),
        Entry(apiVersion: "extensions/v1beta1", kind: "NetworkPolicy", deprecatedIn: "1.9", removedIn: "1.16", replacement: "networking.k8s.io/v1"),
        Entry(apiVersion: "extensions/v1beta1", kind: "PodSecurityPolicy", deprecatedIn: "1.10", removedIn: "1.16", replacement: "policy/v1beta1 (itself removed in 1.25; use Pod Security Admission)"),
        Entry(apiVersion: "apps/v1beta1", kind: nil, deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1"),
        Entry(apiVersion: "apps/v1beta2", kind: nil, deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1"),
        // Removed in 1.22
        Entry(apiVersion: "extensions/v1beta1", kind: "Ingress", deprecatedIn: "1.14", removedIn: "1.22", replacement: "networking.k8s.io/v1"),
        Entry(apiVersion: "networking.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.19", removedIn: "1.22", replacement: "networking.k8s.io/v1"),
        Entry(apiVersion: "admissionregistration.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.16", removedIn: "1.22", replacement: "admissionregistration.k8s.io/v1"),
        Entry(apiVersion: "apiextensions.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.16", removedIn: "1.22", replacement: "apiextensions.k8s.io/v1"),
        Entry(apiVersion: "apiregistration.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.19", removedIn: "1.22", replacement: "apiregistration.k8s.io/v1"),
        Entry(apiVersion: "authentication.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.19", removedIn: "1.22", replacement: "authentication.k8s.io/v1"),
        Entry(apiVersion: "authorization.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.19", removedIn: "1.22", replacement: "authorization.k8s.io/v1"),
        Entry(apiVersion: "certificates.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.19", removedIn: "1.22", replacement: "certificates.k8s.io/v1"),
        Entry(apiVersion: "coordination.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.19", removedIn: "1.22", replacement: "coordination.k8s.io/v1"),
        Entry(apiVersion: "rbac.authorization.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.17", removedIn: "1.22", replacement: "rbac.authorization.k8s.io/v1"),
        Entry(apiVersion: "scheduling.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.14", removedIn: "1.22", replacement: "scheduling.k8s.io/v1"),
        Entry(apiVersion: "storage.k8s.io/v1beta1", kind: "CSIDriver", deprecatedIn: "1.19", removedIn: "1.22", replacement: "storage.k8s.io/v1"),
        Entry(apiVersion: "storage.k8s.io/v1beta1", kind: "CSINode", deprecatedIn: "1.17", removedIn: "1.22", replacement: "storage.k8s.io/v1"),
        Entry(apiVersion: "storage.k8s.io/v1beta1", kind: "StorageClass", deprecatedIn: "1.19", removedIn: "1.22", replacement: "storage.k8s.io/v1"),
        Entry(apiVersion: "storage.k8s.io/v1beta1", kind: "VolumeAttachment", deprecatedIn: "1.19", removedIn: "1.22", replacement: "storage.k8s.io/v1"),
        // Removed in 1.25
        Entry(apiVersion: "batch/v1beta1", kind: "CronJob", deprecatedIn: "1.21", removedIn: "1.25", replacement: "batch/v1"),
        Entry(apiVersion: "discovery.k8s.io/v1beta1", kind: "EndpointSlice", deprecatedIn: "1.21", removedIn: "1.25", replacement: "discovery.k8s.io/v1"),
        Entry(apiVersion: "events.k8s.io/v1beta1", kind: "Event", deprecatedIn: "1.19", removedIn: "1.25", replacement: "events.k8s.io/v1"),
        Entry(apiVersion: "autoscaling/v2beta1", kind: "HorizontalPodAutoscaler", deprecatedIn: "1.22", removedIn: "1.25", replacement: "autoscaling/v2"),
        Entry(apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget", deprecatedIn: "1.21", removedIn: "1.25", replacement: "policy/v1"),
        Entry(apiVersion: "policy/v1beta1", kind: "PodSecurityPolicy", deprecatedIn: "1.21", removedIn: "1.25", replacement: "Pod Security Admission (namespace labels)"),
        Entry(apiVersion: "node.k8s.io/v1beta1", kind: "RuntimeClass", deprecatedIn: "1.20", removedIn: "1.25", replacement: "node.k8s.io/v1"),
        // Removed in 1.26, 1.27, 1.29, 1.32
        Entry(apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kind: nil, deprecatedIn: "1.23", removedIn: "1.26", replacement: "flowcontrol.apiserver.k8s.io/v1"),
        Entry(apiVersion: "autoscaling/v2beta2", kind: "HorizontalPodAutoscaler", deprecatedIn: "1.23", removedIn: "1.26", replacement: "autoscaling/v2"),
        Entry(apiVersion: "storage.k8s.io/v1beta1", kind: "CSIStorageCapacity", deprecatedIn: "1.24", removedIn: "1.27", replacement: "storage.k8s.io/v1"),
        Entry(apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", kind: nil, deprecatedIn: "1.26", removedIn: "1.29", replacement: "flowcontrol.apiserver.k8s.io/v1"),
        Entry(apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kind: nil, deprecatedIn: "1.29", removedIn: "1.32", replacement: "flowcontrol.apiserver.k8s.io/v1"),
        // Deprecated, still served
        Entry(apiVersion: "v1", kind: "Endpoints", deprecatedIn: "1.33", removedIn: nil, replacement: "discovery.k8s.io/v1 EndpointSlice"),
        Entry(apiVersion: "v1", kind: "ComponentStatus", deprecatedIn: "1.19", removedIn: nil, replacement: "the /livez and /readyz endpoints"),
    ]

    /// The status of `apiVersion`/`kind` in Kubernetes `version` (`1.37`), nil when current.
    public static func status(apiVersion: String, kind: String, in version: String) -> Status? {
        guard let entry = entries.first(where: { $0.apiVersion == apiVersion && ($0.kind == nil || $0.kind == kind) }) else { return nil }
        if let removedIn = entry.removedIn, compare(version, removedIn) >= 0 { return .removed(entry) }
        if compare(version, entry.deprecatedIn) >= 0 { return .deprecated(entry) }
        return nil
    }

    /// Compares `1.9` and `1.16` numerically.
    static func compare(_ a: String, _ b: String) -> Int {
        let left = a.split(separator: ".").map { Int($0) ?? 0 }
        let right = b.split(separator: ".").map { Int($0) ?? 0 }
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? left[index] : 0
            let r = index < right.count ? right[index] : 0
            if l != r { return l < r ? -1 : 1 }
        }
        return 0
    }
}
