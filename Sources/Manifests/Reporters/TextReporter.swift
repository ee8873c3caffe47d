/// `file:line:column: severity check-id: message`, the offending line with a caret under the
/// column, and the one-line fix. With `summary`, counts at the end.
public struct TextReporter: Sendable {
    public var summary: Bool

    public init(summary: Bool = false) {
        self.summary = summary
    }

    public func render(_ result: RunResult) -> String {
        var out = ""
        for finding in result.findings {
            out += "\(finding.location): \(finding.severity.rawValue) \(finding.checkID): \(finding.message)\n"
            if let line = result.sourceLine(file: finding.location.file, line: finding.location.line) {
                let number = String(finding.location.line)
                let gutter = String(repeating: " ", count: number.count)
                out += " \(number) | \(line)\n"
                out += " \(gutter) | \(Self.caretPrefix(line: line, column: finding.location.column))^\n"
            }
            if !finding.fix.isEmpty {
                out += "   fix: \(finding.fix)\n"
            }
        }
        if summary {
            out += Self.summaryLine(result) + "\n"
        }
        return out
    }

    /// Spaces (tabs kept as tabs) up to `column` counted in Unicode scalars, as the positions are.
    public static func caretPrefix(line: Substring, column: Int) -> String {
        var prefix = ""
        for (index, scalar) in line.unicodeScalars.enumerated() {
            guard index < column - 1 else { break }
            prefix.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        if column - 1 > line.unicodeScalars.count {
            prefix += String(repeating: " ", count: column - 1 - line.unicodeScalars.count)
        }
        return prefix
    }

    static func summaryLine(_ result: RunResult) -> String {
        let counts = result.countsBySeverity
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var line = "\(plural(counts[.error] ?? 0, "error")), \(plural(counts[.warning] ?? 0, "warning")), \(counts[.info] ?? 0) info"
        line += " in \(plural(result.files.count, "file")) (\(plural(result.objectCount, "object")), \(plural(result.documentCount, "document")))"
        line += ", Kubernetes \(result.kubernetesVersion)"
        if result.ignoredCount > 0 { line += ", \(result.ignoredCount) ignored by annotation" }
        let byCheck = result.countsByCheck
        if !byCheck.isEmpty {
            line += "\n" + byCheck.map { "  \($0.id): \($0.count)" }.joined(separator: "\n")
        }
        return line
    }
}
