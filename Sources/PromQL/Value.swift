/// Prometheus's stale marker: a NaN with a particular bit pattern.
public let staleNaN = Double(bitPattern: 0x7ff0_0000_0000_0002)

public func isStaleNaN(_ v: Double) -> Bool { v.bitPattern == staleNaN.bitPattern }

public struct Sample: Sendable, Hashable {
    public var labels: Labels
    public var timestamp: Int64   // milliseconds
    public var value: Double
    public init(labels: Labels, timestamp: Int64, value: Double) {
        self.labels = labels; self.timestamp = timestamp; self.value = value
    }
}

public struct Point: Sendable, Hashable {
    public var timestamp: Int64   // milliseconds
    public var value: Double
    public init(timestamp: Int64, value: Double) { self.timestamp = timestamp; self.value = value }
}

public struct Series: Sendable, Hashable {
    public var labels: Labels
    public var points: [Point]
    public init(labels: Labels, points: [Point]) { self.labels = labels; self.points = points }
}

/// The result of evaluating an expression.
public enum Value: Sendable {
    case scalar(timestamp: Int64, value: Double)
    case string(timestamp: Int64, value: String)
    case vector([Sample])
    case matrix([Series])
}
