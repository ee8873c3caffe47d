// Values inside the evaluator. Samples carry Prometheus 3's delayed `__name__` removal flag:
// operations that drop the metric name mark the sample, and the name is removed when the
// query finishes (or kept, if label_replace/label_join set it again).

struct ESample: Sendable {
    var labels: Labels
    var value: Double
    var dropName: Bool = false
}

struct ESeries: Sendable {
    var labels: Labels
    var timestamps: ArraySlice<Int64>
    var values: ArraySlice<Double>
    var dropName: Bool = false
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
