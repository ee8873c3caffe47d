/// `prometheus-rule`: every rule group of a PrometheusRule passes the rule checker of `opsctl rules check`
/// (PromQL parse errors, promtool's validations, the lints), each finding at its line and column in the
/// manifest — inside `expr: |` block scalars too. The checker comes through `CheckContext.embedded`
/// (the command layer fills it); without one the check has nothing to run.
public struct PrometheusRuleCheck: Check {
    public let id = "prometheus-rule"
    public let severity = Severity.error
    public let why = "The operator copies a PrometheusRule into Prometheus as it is: a PromQL typo or an invalid rule applies cleanly, then the whole rule group fails to load and none of its alerts fire."
    public let fix = "Fix the rule at the place shown (check it with `opsctl rules check` on the groups); lints are warnings."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "PrometheusRule", object.group == "monitoring.coreos.com",
              let checker = context.embedded.rules,
              let spec = object.root["spec"],
              let source = context.sources[object.file]
        else { return [] }
        return checker.check(spec: spec, source: source, name: object.file).map { embedded in
            Finding(
                checkID: id,
                severity: embedded.severity == .error ? severity : min(embedded.severity, severity),
                message: "\(embedded.id): \(embedded.message)",
                location: Location(file: object.file, position: embedded.position),
                path: "spec.groups",
                fix: fix,
                object: object.displayName
            )
        }
    }
}
