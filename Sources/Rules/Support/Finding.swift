/// How serious a finding is. `error` makes a rule file invalid (promtool would reject it);
/// `warning` is a lint a team may choose to live with.
public enum Severity: String, Sendable, Codable, Comparable {
    case warning, error
    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// A place in a file, 1-based.
public struct FilePosition: Sendable, Hashable, Codable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
}

/// One problem found in a rule file: where, how bad, which check, what.
public struct Finding: Sendable, Hashable, Codable {
    public var file: String
    public var position: FilePosition
    public var severity: Severity
    public var id: String
    public var message: String
    /// The source line the position points into (for the text reporter).
    public var sourceLine: String?

    public init(file: String, position: FilePosition, severity: Severity, id: String,
                message: String, sourceLine: String? = nil) {
        self.file = file; self.position = position; self.severity = severity
        self.id = id; self.message = message; self.sourceLine = sourceLine
    }
}
