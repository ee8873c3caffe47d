import Foundation
import PromQL

/// `opsctl rules check`: loads each file (promtool's validations, as errors) and runs the
/// offline lints (as warnings) on every rule whose expression parsed.
public struct RulesChecker: Sendable {
    public var config: LintConfig
    public var ignoreUnknownFields: Bool
    public init(config: LintConfig = LintConfig(), ignoreUnknownFields: Bool = false) {
        self.config = config; self.ignoreUnknownFields = ignoreUnknownFields
    }

    public struct Report: Sendable {
        public var findings: [Finding]
        /// Files that could not be read at all (exit 2).
        public var unreadable: [String]
        public func hasFindings(atLeast severity: Severity) -> Bool { findings.contains { $0.severity >= severity } }
    }

    public func check(paths: [String]) -> Report {
        var report = Report(findings: [], unreadable: [])
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                report.unreadable.append(path)
                continue
            }
            report.findings += check(path: path, text: text)
        }
        return report
    }

    public func check(path: String, text: String) -> [Finding] {
        lint(RuleFileLoader(ignoreUnknownFields: ignoreUnknownFields, features: config.features).load(path: path, text: text), path: path)
    }

    /// Checks a rule file that is already parsed (the `spec` of a PrometheusRule in check-manifests):
    /// positions in `root` are places in the file whose lines `source` gives.
    public func check(path: String, root: RuleYAMLNode, source: SourceLines) -> [Finding] {
        lint(RuleFileLoader(ignoreUnknownFields: ignoreUnknownFields, features: config.features).load(path: path, root: root, source: source), path: path)
    }

    private func lint(_ loaded: RuleFileLoader.Result, path: String) -> [Finding] {
        var findings = loaded.findings
        for group in loaded.file.groups {
            for rule in group.rules {
                guard let expr = rule.parsed else { continue }
                for lint in Lints.all where !config.disabled.contains(lint.id) {
                    for p in lint.check(rule, expr: expr, group: group, file: loaded.file, config: config) {
                        findings.append(Finding(file: path, position: p.position, severity: .warning, id: lint.id,
                                                message: p.message, sourceLine: loaded.file.source[p.position.line]))
                    }
                }
            }
        }
        return findings.sorted { ($0.position.line, $0.position.column) < ($1.position.line, $1.position.column) }
    }
}
