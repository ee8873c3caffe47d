/// `file:line:column: severity id: message`, then the source line with a caret.
public enum FindingTextReporter {
    public static func render(_ findings: [Finding]) -> String {
        var out = ""
        for f in findings {
            out += "\(f.file):\(f.position.line):\(f.position.column): \(f.severity.rawValue) \(f.id): \(f.message)\n"
            if let line = f.sourceLine {
                // Long lines (minified or hostile files) are cut to a window around the column.
                let chars = Array(line)
                let start = max(0, min(f.position.column - 1 - 60, chars.count - 120))
                let end = min(chars.count, start + 120)
                let prefix = start > 0 ? "..." : ""
                out += "    " + prefix + String(chars[max(0, start)..<max(start, end)]) + (end < chars.count ? "..." : "") + "\n"
                out += "    " + String(repeating: " ", count: prefix.count + max(0, f.position.column - 1 - max(0, start))) + "^\n"
            }
        }
        return out
    }
}
