/// `file:line:column: severity id: message`, then the source line with a caret.
public enum FindingTextReporter {
    public static func render(_ findings: [Finding]) -> String {
        var out = ""
        for f in findings {
            out += "\(f.file):\(f.position.line):\(f.position.column): \(f.severity.rawValue) \(f.id): \(f.message)\n"
            if let line = f.sourceLine {
                out += "    \(line)\n"
                out += "    " + String(repeating: " ", count: max(0, f.position.column - 1)) + "^\n"
            }
        }
        return out
    }
}
