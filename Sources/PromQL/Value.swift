/// Prometheus's stale marker: a NaN with a particular bit pattern.
public let staleNaN = Double(bitPattern: 0x7ff0_0000_0000_0002)

public func isStaleNaN(_ v: Double) -> Bool { v.bitPattern == staleNaN.bitPattern }

public struct Sample: Sendable, Hashable {
    public var labels: Labels
    public var timestamp: Int64   // milliseconds
    public var value: Double
    private var box: HistogramBox?
    /// Set for a native histogram sample (`value` is then 0).
    public var histogram: FloatHistogram? {
        get { box?.value }
        set { box = newValue.map(HistogramBox.init) }
    }
    public init(labels: Labels, timestamp: Int64, value: Double) {
        self.labels = labels; self.timestamp = timestamp; self.value = value
    }
    public init(labels: Labels, timestamp: Int64, histogram: FloatHistogram) {
        self.labels = labels; self.timestamp = timestamp; self.value = 0; self.box = HistogramBox(histogram)
    }
}

public struct Point: Sendable, Hashable {
    public var timestamp: Int64   // milliseconds
    public var value: Double
    public init(timestamp: Int64, value: Double) { self.timestamp = timestamp; self.value = value }
}

/// A histogram behind one reference, so that float samples stay small.
final class HistogramBox: Sendable, Hashable {
    let value: FloatHistogram
    init(_ value: FloatHistogram) { self.value = value }
    static func == (a: HistogramBox, b: HistogramBox) -> Bool { a.value == b.value }
    func hash(into h: inout Hasher) { h.combine(value) }
}

public struct Series: Sendable, Hashable {
    public var labels: Labels
    public var points: [Point]
    /// Native histogram samples by index into `points` (whose value is then 0); empty for
    /// a float series, so float points stay plain values.
    public var histograms: [Int: FloatHistogram]
    public init(labels: Labels, points: [Point], histograms: [Int: FloatHistogram] = [:]) {
        self.labels = labels; self.points = points; self.histograms = histograms
    }
    public func histogram(at i: Int) -> FloatHistogram? { histograms.isEmpty ? nil : histograms[i] }
}

/// The result of evaluating an expression.
public enum Value: Sendable {
    case scalar(timestamp: Int64, value: Double)
    case string(timestamp: Int64, value: String)
    case vector([Sample])
    case matrix([Series])
}
