/// The table behind `--list-checks`: id, severity, why, fix for every check and built-in finding.
public enum CheckListReporter {
    public static func render(markdown: Bool = false) -> String {
        var rows: [(id: String, severity: Severity, why: String, fix: String, defaultOn: Bool)] = []
        for check in CheckRegistry.all { rows.append((check.id, check.severity, check.why, check.fix, check.enabledByDefault)) }
        for kind in BuiltInFinding.allCases { rows.append((kind.rawValue, kind.severity, kind.why, kind.fix, true)) }
        if markdown {
            var out = "| id | severity | why | fix |\n|---|---|---|---|\n"
            for row in rows {
                out += "| `\(row.id)`\(row.defaultOn ? "" : " (opt-in)") | \(row.severity.rawValue) | \(row.why.replacingPipes) | \(row.fix.replacingPipes) |\n"
            }
            return out
        }
        let width = rows.map(\.id.count).max() ?? 0
        return rows.map { row in
            let id = row.id + String(repeating: " ", count: width - row.id.count)
            return "\(id)  \(row.severity.rawValue.padding(7))  \(row.why)\n\(String(repeating: " ", count: width + 11))fix: \(row.fix)"
        }.joined(separator: "\n") + "\n"
    }
}

private extension String {
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
