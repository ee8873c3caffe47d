import Foundation
import PromQL

/// alerts/runbook-file: a runbook_url pointing into `runbooks/` must name a file that exists
/// in the repository (relative to runbook_root), or the on-call engineer follows a dead link.
/// Fix: write the runbook or correct the path.
public struct AlertsRunbookFile: Lint {
    public let id = "alerts/runbook-file"
    public let why = "A `runbook_url` pointing into `runbooks/` must name a file that exists in the repository (relative to `runbook_root`), or the on-call engineer follows a dead link."
    public let fix = "Write the runbook, or correct the path."
    public let example = """
        - alert: ErrorsHigh
          expr: rate(errors_total[5m]) > 1
          for: 5m
          labels: {severity: warning}
          annotations: {summary: errors, description: errors, runbook_url: "https://git.example/ops/runbooks/no-such-page.md"}
        """
    public init() {}

    public func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem] {
        guard rule.kind == .alerting, let a = rule.annotation("runbook_url"),
              let path = Self.runbookPath(a.value.value) else { return [] }
        let full = (config.runbookRoot as NSString).appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: full) { return [] }
        return [LintProblem(a.value.position, "runbook_url points to \(path), which does not exist under \(config.runbookRoot)")]
    }

    /// `https://git.example/repo/blob/main/runbooks/db.md#slow` -> `runbooks/db.md`.
    static func runbookPath(_ url: String) -> String? {
        guard !url.contains("{{"), let r = url.range(of: "runbooks/") else { return nil }
        var path = String(url[r.lowerBound...])
        if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<cut]) }
        return path.removingPercentEncoding ?? path
    }
}
