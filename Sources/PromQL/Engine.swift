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


/// In-memory series store: points per label set, appended in time order.
public final class SeriesStore: @unchecked Sendable {
    public init() {}
    /// Append one point; `staleNaN` marks the series stale from that timestamp.
    public func append(_ labels: Labels, timestamp: Int64, value: Double) {}
    public func removeAll() {}
}

public struct Engine: Sendable {
    public var lookbackDeltaMs: Int64
    public init(lookbackDeltaMs: Int64 = 5 * 60 * 1000) { self.lookbackDeltaMs = lookbackDeltaMs }

    public func instantQuery(_ expr: Expr, at timestampMs: Int64, store: SeriesStore) throws -> Value {
        throw EvaluationError("evaluator not implemented yet")
    }

    public func rangeQuery(_ expr: Expr, start: Int64, end: Int64, stepMs: Int64, store: SeriesStore) throws -> [Series] {
        throw EvaluationError("evaluator not implemented yet")
    }
}
