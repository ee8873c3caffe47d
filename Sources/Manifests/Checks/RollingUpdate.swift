/// `rolling-update`: workloads update without taking every pod down at once.
///
/// - Deployment: `strategy.type: Recreate` (all pods stop before new ones start), `maxUnavailable`
///   of 100% or at least the (explicit) replica count, or `maxUnavailable` and `maxSurge` both 0.
/// - StatefulSet / DaemonSet: `updateStrategy.type: OnDelete` (a new version never rolls out by
///   itself), or `rollingUpdate.maxUnavailable` of 100%.
public struct RollingUpdateCheck: Check {
    public let id = "rolling-update"
    public let severity = Severity.warning
    public let why = "Recreate or a maxUnavailable of all pods turns every rollout into an outage; OnDelete leaves the old version running until someone deletes pods by hand."
    public let fix = "Use a RollingUpdate strategy with maxUnavailable below the replica count (e.g. 25% or 1) and maxSurge above 0."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        switch object.kind {
        case "Deployment": return deploymentFindings(object)
        case "StatefulSet", "DaemonSet": return updateStrategyFindings(object)
        default: return []
        }
    }

    private func deploymentFindings(_ object: ManifestObject) -> [Finding] {
        let strategy: NodePath = .specStrategy
        if object.node(at: .specStrategyType)?.text == "Recreate" {
            return [finding("Deployment \(object.name) uses strategy Recreate", in: object, at: strategy.appending(key: "type"))]
        }
        let rolling = strategy.appending(key: "rollingUpdate")
        let replicas = object.node(at: .specReplicas)?.int
        var findings: [Finding] = []
        let unavailable = object.node(at: rolling.appending(key: "maxUnavailable"))
        let surge = object.node(at: rolling.appending(key: "maxSurge"))
        if let unavailable, let amount = Self.amount(unavailable), Self.takesAllDown(amount, replicas: replicas) {
            findings.append(finding(
                "Deployment \(object.name) allows maxUnavailable \(unavailable.text ?? "") of \(replicas.map(String.init) ?? "all") replicas",
                in: object, at: rolling.appending(key: "maxUnavailable")
            ))
        } else if let unavailable, let surge, Self.amount(unavailable)?.isZero == true, Self.amount(surge)?.isZero == true {
            findings.append(finding(
                "Deployment \(object.name) sets maxUnavailable and maxSurge both to 0, so the rollout cannot progress",
                in: object, at: rolling.appending(key: "maxSurge")
            ))
        }
        return findings
    }

    private func updateStrategyFindings(_ object: ManifestObject) -> [Finding] {
        let strategy: NodePath = .specUpdateStrategy
        if object.node(at: .specUpdateStrategyType)?.text == "OnDelete" {
            return [finding("\(object.kind) \(object.name) uses updateStrategy OnDelete", in: object, at: strategy.appending(key: "type"))]
        }
        let path = strategy.appending(key: "rollingUpdate").appending(key: "maxUnavailable")
        guard let unavailable = object.node(at: path), let amount = Self.amount(unavailable),
              case let .percent(percent) = amount, percent >= 100
        else { return [] }
        return [finding("\(object.kind) \(object.name) allows maxUnavailable \(unavailable.text ?? "")", in: object, at: path)]
    }

    /// An IntOrString amount of pods: `1` or `"25%"`.
    enum Amount: Equatable {
        case count(Int)
        case percent(Int)

        var isZero: Bool { self == .count(0) || self == .percent(0) }
    }

    static func amount(_ node: YAMLNode) -> Amount? {
        if let count = node.int { return .count(count) }
        guard let text = node.text, text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return nil }
        return .percent(percent)
    }

    /// 100% and more, or a count of at least the replicas (only when the Deployment sets them).
    static func takesAllDown(_ amount: Amount, replicas: Int?) -> Bool {
        switch amount {
        case let .percent(percent): return percent >= 100
        case let .count(count):
            guard let replicas, replicas > 0 else { return false }
            return count >= replicas
        }
    }
}
