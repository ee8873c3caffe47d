/// The kind of a metric family. Histograms and summaries are not needed by opsctl's jobs.
public enum MetricType: String, Sendable, CaseIterable {
    case gauge
    case counter
    case untyped
}

/// One sample: label pairs (in the order given) and a value.
public struct Sample: Sendable, Equatable {
    public var labels: [Label]
    public var value: Double

    public init(labels: [Label] = [], value: Double) {
        self.labels = labels
        self.value = value
    }

    public init(_ labels: [(String, String)], _ value: Double) {
        self.labels = labels.map { Label(name: $0.0, value: $0.1) }
        self.value = value
    }
}

public struct Label: Sendable, Equatable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A metric family: one name, one help text, one type, many samples.
///
/// `name` is the family name as written in the configuration. For counters the `_total`
/// suffix is normalised by the encoder: Prometheus text 0.0.4 shows `x_total` everywhere,
/// OpenMetrics shows `# TYPE x counter` with samples named `x_total`.
public struct MetricFamily: Sendable, Equatable {
    public var name: String
    public var help: String
    public var type: MetricType
    public var samples: [Sample]

    public init(name: String, help: String, type: MetricType, samples: [Sample] = []) {
        self.name = name
        self.help = help
        self.type = type
        self.samples = samples
    }

    /// The name without a counter's `_total` suffix.
    public var baseName: String {
        if type == .counter, name.hasSuffix("_total") { return String(name.dropLast(6)) }
        return name
    }
}
