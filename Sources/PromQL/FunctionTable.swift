/// The one table of PromQL functions: name, signature (checked by the parser) and
/// implementation (one file per family, Functions*.swift).
public enum FunctionTable {
    static let v = ValueType.vector, m = ValueType.matrix, s = ValueType.scalar, str = ValueType.string

    /// What a function means for Prometheus's histogram stats decoding (see Evaluator):
    /// histogram_count/sum/avg want it, the functions that need buckets veto it.
    enum HistogramStats: Sendable { case none, wanted, vetoed }

    struct Entry: Sendable {
        let signature: FunctionSignature
        let implementation: FunctionImpl?
        let histogramStats: HistogramStats
        init(_ name: String, _ argTypes: [ValueType], _ returnType: ValueType, variadic: Int = 0,
             experimental: Bool = false, feature: PromQLFeatures = [], _ implementation: FunctionImpl?) {
            signature = FunctionSignature(name, argTypes, returnType, variadic: variadic, experimental: experimental, feature: feature)
            self.implementation = implementation
            switch name {
            case "histogram_count", "histogram_sum", "histogram_avg": histogramStats = .wanted
            case "histogram_quantile", "histogram_quantiles", "histogram_fraction": histogramStats = .vetoed
            default: histogramStats = .none
            }
        }
    }

    static let entries: [Entry] = [
        // math on instant vectors
        .init("abs", [v], v, MathFunctions.abs), .init("ceil", [v], v, MathFunctions.ceil), .init("floor", [v], v, MathFunctions.floor), .init("exp", [v], v, MathFunctions.exp),
        .init("sqrt", [v], v, MathFunctions.sqrt), .init("ln", [v], v, MathFunctions.ln), .init("log2", [v], v, MathFunctions.log2), .init("log10", [v], v, MathFunctions.log10),
        .init("sgn", [v], v, MathFunctions.sgn), .init("round", [v, s], v, variadic: 1, MathFunctions.round),
        .init("clamp", [v, s, s], v, MathFunctions.clamp), .init("clamp_min", [v, s], v, MathFunctions.clampMin), .init("clamp_max", [v, s], v, MathFunctions.clampMax),
        // trigonometry
        .init("sin", [v], v, MathFunctions.sin), .init("cos", [v], v, MathFunctions.cos), .init("tan", [v], v, MathFunctions.tan),
        .init("asin", [v], v, MathFunctions.asin), .init("acos", [v], v, MathFunctions.acos), .init("atan", [v], v, MathFunctions.atan),
        .init("sinh", [v], v, MathFunctions.sinh), .init("cosh", [v], v, MathFunctions.cosh), .init("tanh", [v], v, MathFunctions.tanh),
        .init("asinh", [v], v, MathFunctions.asinh), .init("acosh", [v], v, MathFunctions.acosh), .init("atanh", [v], v, MathFunctions.atanh),
        .init("deg", [v], v, MathFunctions.deg), .init("rad", [v], v, MathFunctions.rad), .init("pi", [], s, MathFunctions.pi),
        // rates and counters
        .init("rate", [m], v, RateFunctions.rate), .init("irate", [m], v, RateFunctions.irate), .init("increase", [m], v, RateFunctions.increase),
        .init("delta", [m], v, RateFunctions.delta), .init("idelta", [m], v, RateFunctions.idelta), .init("deriv", [m], v, RateFunctions.deriv),
        .init("predict_linear", [m, s], v, RateFunctions.predictLinear), .init("changes", [m], v, RateFunctions.changes), .init("resets", [m], v, RateFunctions.resets),
        // *_over_time
        .init("avg_over_time", [m], v, OverTimeFunctions.avg), .init("min_over_time", [m], v, OverTimeFunctions.min), .init("max_over_time", [m], v, OverTimeFunctions.max),
        .init("sum_over_time", [m], v, OverTimeFunctions.sum), .init("count_over_time", [m], v, OverTimeFunctions.count),
        .init("last_over_time", [m], v, OverTimeFunctions.last), .init("present_over_time", [m], v, OverTimeFunctions.present),
        .init("stddev_over_time", [m], v, OverTimeFunctions.stddev), .init("stdvar_over_time", [m], v, OverTimeFunctions.stdvar),
        .init("quantile_over_time", [s, m], v, OverTimeFunctions.quantile),
        .init("mad_over_time", [m], v, experimental: true, OverTimeFunctions.mad),
        .init("first_over_time", [m], v, experimental: true, OverTimeFunctions.first),
        .init("ts_of_min_over_time", [m], v, experimental: true, OverTimeFunctions.tsOfMin),
        .init("ts_of_max_over_time", [m], v, experimental: true, OverTimeFunctions.tsOfMax),
        .init("ts_of_first_over_time", [m], v, experimental: true, OverTimeFunctions.tsOfFirst),
        .init("ts_of_last_over_time", [m], v, experimental: true, OverTimeFunctions.tsOfLast),
        .init("double_exponential_smoothing", [m, s, s], v, experimental: true, OverTimeFunctions.doubleExponentialSmoothing),
        // histograms (classic buckets and native histograms)
        .init("histogram_quantile", [s, v], v, HistogramFunctions.quantile),
        .init("histogram_quantiles", [v, str, s], v, variadic: -1, experimental: true, HistogramFunctions.quantiles),
        .init("histogram_count", [v], v, HistogramFunctions.count), .init("histogram_sum", [v], v, HistogramFunctions.sum), .init("histogram_avg", [v], v, HistogramFunctions.avg),
        .init("histogram_stddev", [v], v, HistogramFunctions.stddev), .init("histogram_stdvar", [v], v, HistogramFunctions.stdvar),
        .init("histogram_fraction", [s, s, v], v, HistogramFunctions.histogramFraction),
        // absence
        .init("absent", [v], v, AbsentFunctions.absent), .init("absent_over_time", [m], v, OverTimeFunctions.absentOverTime),
        // labels
        .init("label_replace", [v, str, str, str, str], v, LabelFunctions.replace),
        .init("label_join", [v, str, str, str], v, variadic: -1, LabelFunctions.join),
        // sorting
        .init("sort", [v], v, SortFunctions.sort), .init("sort_desc", [v], v, SortFunctions.sortDesc),
        .init("sort_by_label", [v, str], v, variadic: -1, experimental: true, SortFunctions.sortByLabel),
        .init("sort_by_label_desc", [v, str], v, variadic: -1, experimental: true, SortFunctions.sortByLabelDesc),
        // conversions and time
        .init("vector", [s], v, TimeFunctions.vector), .init("scalar", [v], s, TimeFunctions.scalar), .init("time", [], s, TimeFunctions.time),
        .init("timestamp", [v], v, TimeFunctions.timestamp),
        // the query's bounds, in seconds, and min/max of two scalars (promql-duration-expr)
        .init("step", [], s, feature: .durationExpressions, QueryFunctions.step), .init("range", [], s, feature: .durationExpressions, QueryFunctions.range),
        .init("start", [], s, feature: .durationExpressions, QueryFunctions.start), .init("end", [], s, feature: .durationExpressions, QueryFunctions.end),
        .init("min_of", [s, s], s, feature: .durationExpressions, QueryFunctions.minOf), .init("max_of", [s, s], s, feature: .durationExpressions, QueryFunctions.maxOf),
        .init("minute", [v], v, variadic: 1, TimeFunctions.minute), .init("hour", [v], v, variadic: 1, TimeFunctions.hour),
        .init("day_of_week", [v], v, variadic: 1, TimeFunctions.dayOfWeek), .init("day_of_month", [v], v, variadic: 1, TimeFunctions.dayOfMonth),
        .init("day_of_year", [v], v, variadic: 1, TimeFunctions.dayOfYear), .init("days_in_month", [v], v, variadic: 1, TimeFunctions.daysInMonth),
        .init("month", [v], v, variadic: 1, TimeFunctions.month), .init("year", [v], v, variadic: 1, TimeFunctions.year),
        // info metrics
        .init("info", [v, v], v, variadic: 1, experimental: true, InfoFunction.info),
    ]

    static let byName: [String: Entry] = {
        var d: [String: Entry] = [:]
        for e in entries { d[e.signature.name] = e }
        return d
    }()

    public static func signature(_ name: String) -> FunctionSignature? { byName[name]?.signature }

    static func implementation(_ name: String) -> FunctionImpl? { byName[name]?.implementation }

    static func entry(_ name: String) -> Entry? { byName[name] }

    /// Every function name the parser accepts.
    public static var names: [String] { entries.map(\.signature.name) }
}
