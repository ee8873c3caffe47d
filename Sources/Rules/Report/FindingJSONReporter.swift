import Foundation

/// `--output json`: an array of findings with file, line, column, severity, id, message.
public enum FindingJSONReporter {
    struct Row: Encodable {
        var file: String; var line: Int; var column: Int; var severity: String; var id: String; var message: String
    }

    public static func render(_ findings: [Finding]) -> String {
        let rows = findings.map { Row(file: $0.file, line: $0.position.line, column: $0.position.column,
                                      severity: $0.severity.rawValue, id: $0.id, message: $0.message) }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? enc.encode(rows), let s = String(data: data, encoding: .utf8) else { return "[]\n" }
        return s + "\n"
    }
}
