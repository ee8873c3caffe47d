// Values inside the evaluator. Samples carry Prometheus 3's delayed `__name__` removal flag:
// operations that drop the metric name mark the sample, and the name is removed when the
// query finishes (or kept, if label_replace/label_join set it again).

struct ESample: Sendable {
    var labels: Labels
    var value: Double
    var dropName: Bool = false
    var hbox: HistogramBox? = nil
    /// Set for a native histogram sample (`value` is then 0).
    var histogram: FloatHistogram? { hbox?.value }

    init(labels: Labels, value: Double, dropName: Bool = false, hbox: HistogramBox? = nil) {
        self.labels = labels; self.value = value; self.dropName = dropName; self.hbox = hbox
    }
    init(labels: Labels, histogram: FloatHistogram, dropName: Bool = false) {
        self.labels = labels; self.value = 0; self.dropName = dropName; self.hbox = HistogramBox(histogram)
    }
}

struct ESeries: Sendable {
    var labels: Labels
    var timestamps: ArraySlice<Int64>
    var values: ArraySlice<Double>
    var dropName: Bool = false
    /// Parallel to `values` when the series has native histogram samples; nil otherwise
    /// (one word, nil on the float path).
    var histogramSlice: HistogramSliceBox? = nil

    @inline(__always)
    init(labels: Labels, timestamps: ArraySlice<Int64>, values: ArraySlice<Double>, dropName: Bool = false) {
        self.labels = labels; self.timestamps = timestamps; self.values = values; self.dropName = dropName
    }

    var histograms: ArraySlice<FloatHistogram?> { histogramSlice?.value ?? [] }
    var hasHistograms: Bool { histogramSlice != nil }
}

extension ESeries {
    /// A series with native histogram samples (nil or empty `histograms`: floats only).
    init(labels: Labels, timestamps: ArraySlice<Int64>, values: ArraySlice<Double>, dropName: Bool = false,
         histograms: ArraySlice<FloatHistogram?>?) {
        self.init(labels: labels, timestamps: timestamps, values: values, dropName: dropName)
        if let histograms, !histograms.isEmpty { histogramSlice = HistogramSliceBox(histograms) }
    }
}

final class HistogramSliceBox: Sendable {
    let value: ArraySlice<FloatHistogram?>
    init(_ value: ArraySlice<FloatHistogram?>) { self.value = value }
}

enum EValue: Sendable {
    case scalar(Double)
    case string(String)
    case vector([ESample])
    case matrix([ESeries])
}

/// The window a range function sees: points in (start, end], evaluated at `evalTime`.
struct RangeWindow: Sendable {
    var start: Int64
    var end: Int64
    var rangeMs: Int64 { end - start }
}

/// The metric name and Prometheus's type-and-unit labels (`__type__`, `__unit__`): they
/// describe the metric, so they are dropped with its name (and by `without`); vector
/// matching still compares them, as Prometheus does.
let metricIdentityLabels: Set<String> = ["__name__", "__type__", "__unit__"]

extension Labels {
    /// Labels after applying the delayed name drop.
    func finalized(dropName: Bool) -> Labels {
        dropName && self["__name__"] != nil ? removing(metricIdentityLabels) : self
    }
}

// Whether any element is a native histogram. By index, so that the float path does not
// copy (retain and release) every element the way a `for in` or `contains(where:)` does.
extension Array where Element == ESample {
    var anyHistograms: Bool {
        for i in indices where self[i].hbox != nil { return true }
        return false
    }
}

extension Array where Element == ESeries {
    var anyHistograms: Bool {
        for i in indices where self[i].hasHistograms { return true }
        return false
    }
}
