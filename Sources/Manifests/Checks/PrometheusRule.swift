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
              let source = context.sources[object.file],
              let text = Self.ruleFileText(of: object, in: source)
        else { return [] }
        return checker.check(ruleFile: text, name: object.file).map { embedded in
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

    /// The object's `spec` as a rule file that keeps the manifest's lines and columns: the lines before
    /// `spec:` blank, the `spec:` key itself spaces, then the lines up to the next top-level key (or the
    /// end of the document). Nil when the object has no `spec`.
    static func ruleFileText(of object: ManifestObject, in source: SourceText) -> String? {
        guard let entries = object.root.entries, let index = entries.lastIndex(where: { $0.key == "spec" }) else { return nil }
        let start = entries[index].keyPosition
        let nextKeyLine = entries.map(\.keyPosition.line).filter { $0 > start.line }.min()
        var lines: [Substring] = []
        var number = start.line
        while true {
            if let nextKeyLine, number >= nextKeyLine { break }
            guard let line = source.line(number) else { break }
            if number > start.line, line == "---" || line.hasPrefix("--- ") || line == "..." { break }
            lines.append(line)
            number += 1
        }
        guard var first = lines.first.map(Array.init) else { return nil }
        // Blank the key and its colon: `spec:` (or `"spec":`) becomes spaces up to the value.
        var column = start.column - 1
        while column < first.count, first[column] != ":" { column += 1 }
        for position in 0..<min(column + 1, first.count) { first[position] = " " }
        var text = String(repeating: "\n", count: start.line - 1)
        text += String(first)
        for line in lines.dropFirst() { text += "\n" + line }
        return text + "\n"
    }
}
