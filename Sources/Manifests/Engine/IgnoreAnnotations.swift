import Foundation

/// `opsctl.dev/ignore` annotations, read from an object's metadata and its pod template's metadata:
///
/// ```yaml
/// metadata:
///   annotations:
///     opsctl.dev/ignore: "container-resources,image-tag # batch job, sized by the queue"
///     opsctl.dev/ignore.container.istio-proxy: "run-as-non-root # injected by the mesh"
/// ```
///
/// The part after `#` is the reason; an ignore without a reason, or naming an unknown check id,
/// is itself reported (`ignore-annotation`), and the known ids still apply.
public struct IgnoreAnnotations: Sendable {
    public static let objectKey = "opsctl.dev/ignore"
    public static let containerPrefix = "opsctl.dev/ignore.container."
    static let annotationsPath: NodePath = "metadata.annotations"

    /// Check ids ignored for the whole object.
    public var object: Set<String> = []
    /// Check ids ignored per container name.
    public var containers: [String: Set<String>] = [:]
    /// Problems with the annotations themselves.
    public var problems: [Finding] = []

    public init(object manifest: ManifestObject, knownIDs: Set<String>) {
        var sources: [(annotations: [String: String], path: NodePath)] = [(manifest.annotations, Self.annotationsPath)]
        if let pod = manifest.podSpec, manifest.kind != "Pod" {
            sources.append((pod.annotations, pod.metadataPath.appending(key: "annotations")))
        }
        for source in sources {
            // Most objects carry no ignore annotation: skip sorting their annotations.
            guard source.annotations.keys.contains(where: { $0.hasPrefix(Self.objectKey) }) else { continue }
            for (key, value) in source.annotations.sorted(by: { $0.key < $1.key }) {
                let target: String?
                if key == Self.objectKey {
                    target = nil
                } else if key.hasPrefix(Self.containerPrefix) {
                    target = String(key.dropFirst(Self.containerPrefix.count))
                } else {
                    continue
                }
                let path = source.path.appending(key: key)
                let (ids, reason) = Self.parse(value)
                var unknown: [String] = []
                for id in ids {
                    guard knownIDs.contains(id) else { unknown.append(id); continue }
                    if let target { containers[target, default: []].insert(id) } else { object.insert(id) }
                }
                func problem(_ message: String) {
                    problems.append(Finding(
                        checkID: BuiltInFinding.ignoreAnnotation.rawValue, severity: BuiltInFinding.ignoreAnnotation.severity,
                        message: message, location: manifest.location(of: path), path: path,
                        fix: BuiltInFinding.ignoreAnnotation.fix, object: manifest.displayName
                    ))
                }
                if !unknown.isEmpty { problem("\(key) names unknown check id(s): \(unknown.joined(separator: ", "))") }
                if ids.isEmpty { problem("\(key) names no check id") }
                if reason.isEmpty { problem("\(key) gives no reason; write the reason after #") }
            }
        }
    }

    /// `"a, b # why"` -> (["a", "b"], "why").
    static func parse(_ value: String) -> (ids: [String], reason: String) {
        let parts = value.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let ids = (parts.first ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty }
        let reason = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        return (ids, reason)
    }

    /// True when `finding` is silenced by these annotations.
    public func ignores(_ finding: Finding) -> Bool {
        if object.contains(finding.checkID) { return true }
        if let container = finding.container, containers[container]?.contains(finding.checkID) == true { return true }
        return false
    }
}
