/// A configuration problem, located in the file (or environment variable or flag) it came from.
///
/// Its description is `file:line:column: message`, the shape editors and CI logs understand.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the value came from: a file path, `environment variable NAME` or `flag --name`.
    public var source: String
    /// 1-based line and column, when the source is a file.
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(source: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        if let line, let column {
            return "\(source):\(line):\(column): \(message)"
        }
        return "\(source): \(message)"
    }
}
