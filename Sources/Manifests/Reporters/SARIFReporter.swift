import Foundation

/// SARIF 2.1.0 (OASIS): one run, one rule per check/built-in kind with its why and fix, one result
/// per finding with a real region (startLine, startColumn in Unicode code points, the line as snippet).
public struct SARIFReporter: Sendable {
    public var toolVersion: String

    public init(toolVersion: String = "dev") {
        self.toolVersion = toolVersion
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// A relative URI reference for a path (percent-encoded); stdin becomes `stdin`.
    static func uri(for file: String) -> String {
        if file == "-" { return "stdin" }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let path = file.hasPrefix("./") ? String(file.dropFirst(2)) : file
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return file.hasPrefix("/") ? "file://" + encoded : encoded
    }

    public func render(_ result: RunResult) -> String {
        var rules = result.rules
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() { ruleIndex[rule.id] = index }
        for finding in result.findings where ruleIndex[finding.checkID] == nil {
            ruleIndex[finding.checkID] = rules.count
            rules.append(RunResult.RuleInfo(id: finding.checkID, severity: finding.severity, why: finding.message, fix: finding.fix))
        }
        let sarifRules: [[String: Any]] = rules.map { rule in
            [
                "id": rule.id,
                "name": rule.id,
                "shortDescription": ["text": rule.why],
                "help": ["text": rule.fix],
                "defaultConfiguration": ["level": Self.level(rule.severity)],
            ]
        }
        let results: [[String: Any]] = result.findings.map { finding in
            var region: [String: Any] = ["startLine": finding.location.line, "startColumn": finding.location.column]
            if let line = result.sourceLine(file: finding.location.file, line: finding.location.line) {
                region["snippet"] = ["text": String(line)]
            }
            var location: [String: Any] = [
                "physicalLocation": [
                    "artifactLocation": ["uri": Self.uri(for: finding.location.file)],
                    "region": region,
                ],
            ]
            if let object = finding.object {
                let name = finding.path.map { "\(object):\($0)" } ?? object
                location["logicalLocations"] = [["fullyQualifiedName": name, "kind": "object"]]
            }
            var entry: [String: Any] = [
                "ruleId": finding.checkID,
                "level": Self.level(finding.severity),
                "message": ["text": finding.fix.isEmpty ? finding.message : "\(finding.message). Fix: \(finding.fix)"],
                "locations": [location],
            ]
            if let index = ruleIndex[finding.checkID] { entry["ruleIndex"] = index }
            return entry
        }
        let invocation: [String: Any] = [
            "executionSuccessful": result.inputErrors.isEmpty,
            "exitCode": Int(result.exitCode),
        ]
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "opsctl check-manifests",
                    "informationUri": "https://github.com/opsctl/opsctl",
                    "version": toolVersion,
                    "rules": sarifRules,
                ]],
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            ]],
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return "{}\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
