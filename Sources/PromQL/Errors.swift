/// Syntax error with its place in the expression text (1-based line and column).
public struct ParseError: Error, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String
    public init(position: SourcePosition, message: String) { self.position = position; self.message = message }
    public var description: String { "\(position.line):\(position.column): parse error: \(message)" }
}

/// Error while evaluating (wrong types, too many samples, many-to-many matching, ...).
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}


