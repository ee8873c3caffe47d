import Synchronization

/// A PromQL warning or info, as Prometheus returns them next to a result: the text is
/// Prometheus's, the position is the sub-expression's (1-based line:column).
public struct Annotation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable { case warning, info }
    public var kind: Kind
    public var message: String
    public var position: SourcePosition
    public init(_ kind: Kind, _ message: String, at position: SourcePosition) {
        self.kind = kind; self.message = message; self.position = position
    }
    /// As Prometheus prints it: `PromQL warning: <message> (1:19)`.
    public var description: String {
        "PromQL \(kind.rawValue): \(message) (\(position.line):\(position.column))"
    }

    // Prometheus's texts (promql/annotations).
    static func invalidQuantile(_ q: Double, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "quantile value should be between 0 and 1, got \(formatGoFloat(q))", at: p)
    }
    static func invalidRatio(_ r: Double, capped: Double, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "ratio value should be between -1 and 1, got \(formatGoFloat(r)), capping to \(formatGoFloat(capped))", at: p)
    }
    static func badBucketLabel(metric: String, le: String, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "bucket label \"le\" is missing or has a malformed value of \"\(le)\" for metric name \"\(metric)\"", at: p)
    }
    static func possibleNonCounter(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.info, "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"\(metric)\"", at: p)
    }
    static func histogramQuantileForcedMonotonicity(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.info, "input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \"\(metric)\"", at: p)
    }
    static func sortInRangeQuery(_ p: SourcePosition) -> Annotation {
        Annotation(.warning, "sort is ineffective for range queries since results are always ordered by labels", at: p)
    }

    // The native-histogram ones.
    static func mixedFloatsHistograms(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "encountered a mix of histograms and floats for metric name \"\(metric)\"", at: p)
    }
    static func mixedFloatsHistogramsAggregation(_ p: SourcePosition) -> Annotation {
        Annotation(.warning, "encountered a mix of histograms and floats for aggregation", at: p)
    }
    static func mixedClassicNativeHistograms(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "vector contains a mix of classic and native histograms" + forMetric(metric), at: p)
    }
    static func nativeHistogramNotCounter(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "this native histogram metric is not a counter: \"\(metric)\"", at: p)
    }
    static func nativeHistogramNotGauge(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "this native histogram metric is not a gauge: \"\(metric)\"", at: p)
    }
    static func mixedExponentialCustomHistograms(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "vector contains a mix of histograms with exponential and custom buckets schemas for metric name \"\(metric)\"", at: p)
    }
    static func incompatibleBucketLayoutInBinOp(_ op: BinaryOp, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "incompatible bucket layout encountered for binary operator \(op.rawValue)", at: p)
    }
    static func histogramCounterResetCollision(_ operation: HistogramOperation, _ p: SourcePosition) -> Annotation {
        Annotation(.warning, "conflicting counter resets during histogram \(operation.rawValue)", at: p)
    }
    static func mismatchedCustomBuckets(_ operation: HistogramOperation, _ p: SourcePosition) -> Annotation {
        Annotation(.info, "mismatched custom buckets were reconciled during \(operation.rawValue)", at: p)
    }
    /// `lhs`/`rhs`: "float" or "histogram".
    static func incompatibleTypesInBinOp(_ lhs: String, _ op: BinaryOp, _ rhs: String, _ p: SourcePosition) -> Annotation {
        Annotation(.info, "incompatible sample types encountered for binary operator \"\(op.rawValue)\": \(lhs) \(op.rawValue) \(rhs)", at: p)
    }
    static func histogramIgnoredInAggregation(_ aggregation: String, _ p: SourcePosition) -> Annotation {
        Annotation(.info, "ignored histogram in \(aggregation) aggregation", at: p)
    }
    static func histogramIgnoredInMixedRange(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.info, "ignored histograms in a range containing both floats and histograms for metric name \"\(metric)\"", at: p)
    }
    static func histogramQuantileNaNResult(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.info, "input to histogram_quantile has NaN observations, result is NaN" + forMetric(metric), at: p)
    }
    static func histogramQuantileNaNSkew(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.info, "input to histogram_quantile has NaN observations, result is skewed higher" + forMetric(metric), at: p)
    }
    static func histogramFractionNaNs(metric: String, _ p: SourcePosition) -> Annotation {
        Annotation(.info, "input to histogram_fraction has NaN observations, which are excluded from all fractions" + forMetric(metric), at: p)
    }

    /// Prometheus's maybeAddMetricName: ` for metric name "x"`, nothing for no name.
    static func forMetric(_ name: String) -> String { name.isEmpty ? "" : " for metric name \"\(name)\"" }

    /// The counter suffixes rate() and increase() expect.
    static func looksLikeCounter(_ name: String) -> Bool {
        name.hasSuffix("_total") || name.hasSuffix("_sum") || name.hasSuffix("_count") || name.hasSuffix("_bucket")
    }
}

/// The histogram operation an annotation names.
public enum HistogramOperation: String, Sendable {
    case addition, subtraction, aggregation
}

/// Collects the annotations of one query (each distinct one once, in the order first seen).
/// Pass one to `Engine.instantQuery`/`rangeQuery` and read `items` afterwards.
public final class Annotations: Sendable {
    private let state = Mutex<(seen: Set<Annotation>, list: [Annotation])>(([], []))
    public init() {}

    public var items: [Annotation] { state.withLock { $0.list } }
    public var warnings: [Annotation] { items.filter { $0.kind == .warning } }
    public var infos: [Annotation] { items.filter { $0.kind == .info } }

    func add(_ a: Annotation) {
        state.withLock { s in if s.seen.insert(a).inserted { s.list.append(a) } }
    }
}
