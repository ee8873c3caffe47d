/// The one table of PromQL functions: name -> signature (checked by the parser).
/// Implementations live in one file per family (Functions*.swift) and are looked up
/// by the evaluator in `FunctionTable.implementation(_:)`.
public enum FunctionTable {
    static let v = ValueType.vector, m = ValueType.matrix, s = ValueType.scalar, str = ValueType.string

    static let entries: [FunctionSignature] = [
        // math on instant vectors
        .init("abs", [v], v), .init("ceil", [v], v), .init("floor", [v], v), .init("exp", [v], v),
        .init("sqrt", [v], v), .init("ln", [v], v), .init("log2", [v], v), .init("log10", [v], v),
        .init("sgn", [v], v), .init("round", [v, s], v, variadic: 1),
        .init("clamp", [v, s, s], v), .init("clamp_min", [v, s], v), .init("clamp_max", [v, s], v),
        // trigonometry
        .init("sin", [v], v), .init("cos", [v], v), .init("tan", [v], v),
        .init("asin", [v], v), .init("acos", [v], v), .init("atan", [v], v),
        .init("sinh", [v], v), .init("cosh", [v], v), .init("tanh", [v], v),
        .init("asinh", [v], v), .init("acosh", [v], v), .init("atanh", [v], v),
        .init("deg", [v], v), .init("rad", [v], v), .init("pi", [], s),
        // rates and counters
        .init("rate", [m], v), .init("irate", [m], v), .init("increase", [m], v),
        .init("delta", [m], v), .init("idelta", [m], v), .init("deriv", [m], v),
        .init("predict_linear", [m, s], v), .init("changes", [m], v), .init("resets", [m], v),
        // *_over_time
        .init("avg_over_time", [m], v), .init("min_over_time", [m], v), .init("max_over_time", [m], v),
        .init("sum_over_time", [m], v), .init("count_over_time", [m], v),
        .init("last_over_time", [m], v), .init("present_over_time", [m], v),
        .init("stddev_over_time", [m], v), .init("stdvar_over_time", [m], v),
        .init("quantile_over_time", [s, m], v),
        .init("mad_over_time", [m], v, experimental: true),
        .init("first_over_time", [m], v, experimental: true),
        .init("ts_of_min_over_time", [m], v, experimental: true),
        .init("ts_of_max_over_time", [m], v, experimental: true),
        .init("ts_of_first_over_time", [m], v, experimental: true),
        .init("ts_of_last_over_time", [m], v, experimental: true),
        .init("double_exponential_smoothing", [m, s, s], v, experimental: true),
        // histograms (classic buckets; the native-histogram functions parse but return nothing)
        .init("histogram_quantile", [s, v], v),
        .init("histogram_count", [v], v), .init("histogram_sum", [v], v), .init("histogram_avg", [v], v),
        .init("histogram_stddev", [v], v), .init("histogram_stdvar", [v], v),
        .init("histogram_fraction", [s, s, v], v),
        // absence
        .init("absent", [v], v), .init("absent_over_time", [m], v),
        // labels
        .init("label_replace", [v, str, str, str, str], v),
        .init("label_join", [v, str, str, str], v, variadic: -1),
        // sorting
        .init("sort", [v], v), .init("sort_desc", [v], v),
        .init("sort_by_label", [v, str], v, variadic: -1, experimental: true),
        .init("sort_by_label_desc", [v, str], v, variadic: -1, experimental: true),
        // conversions and time
        .init("vector", [s], v), .init("scalar", [v], s), .init("time", [], s),
        .init("timestamp", [v], v),
        .init("minute", [v], v, variadic: 1), .init("hour", [v], v, variadic: 1),
        .init("day_of_week", [v], v, variadic: 1), .init("day_of_month", [v], v, variadic: 1),
        .init("day_of_year", [v], v, variadic: 1), .init("days_in_month", [v], v, variadic: 1),
        .init("month", [v], v, variadic: 1), .init("year", [v], v, variadic: 1),
        // experimental, recognised so they can be reported as such
        .init("info", [v, v], v, variadic: 1, experimental: true),
    ]

    static let byName: [String: FunctionSignature] = {
        var d: [String: FunctionSignature] = [:]
        for e in entries { d[e.name] = e }
        return d
    }()

    public static func signature(_ name: String) -> FunctionSignature? { byName[name] }
}
