/// `cronjob-policy`: a CronJob sets `startingDeadlineSeconds` and a `concurrencyPolicy` of
/// `Forbid` or `Replace` (the default `Allow` lets runs pile up).
public struct CronjobPolicyCheck: Check {
    public let id = "cronjob-policy"
    public let severity = Severity.warning
    public let why = "With concurrencyPolicy Allow a slow run overlaps the next one and they pile up; without startingDeadlineSeconds a controller that was down for 100 schedules stops scheduling the CronJob altogether."
    public let fix = "Set spec.concurrencyPolicy: Forbid (or Replace) and spec.startingDeadlineSeconds (e.g. 300)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "CronJob", let spec = object.node(at: .spec), spec.isMapping else { return [] }
        var missing: [String] = []
        var findings: [Finding] = []
        if spec["startingDeadlineSeconds"] == nil { missing.append("no startingDeadlineSeconds") }
        switch spec["concurrencyPolicy"]?.text {
        case nil:
            missing.append("no concurrencyPolicy (defaults to Allow)")
        case "Allow"?:
            findings.append(finding("CronJob \(object.name) sets concurrencyPolicy Allow", in: object, at: .specConcurrencyPolicy))
        default:
            break
        }
        if !missing.isEmpty {
            findings.append(finding("CronJob \(object.name) sets \(missing.joined(separator: " and "))", in: object, at: .spec, atKey: true))
        }
        return findings
    }
}
