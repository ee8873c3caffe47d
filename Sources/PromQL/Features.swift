/// PromQL features Prometheus 3 keeps behind `--enable-feature=...`; all off by default, as
/// in Prometheus. An expression that needs one that is off fails to parse with an error that
/// names the flag.
public struct PromQLFeatures: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `promql-experimental-functions`: limitk, limit_ratio, sort_by_label(_desc), mad_over_time,
    /// first_over_time, ts_of_*_over_time, double_exponential_smoothing, info.
    public static let experimentalFunctions = PromQLFeatures(rawValue: 1 << 0)
    /// `promql-duration-expr`: arithmetic, step(), range(), min_of(), max_of() in ranges,
    /// subquery steps and offsets.
    public static let durationExpressions = PromQLFeatures(rawValue: 1 << 1)

    /// `promql-binop-fill-modifiers`: `fill()`, `fill_left()`, `fill_right()` on binary operators.
    public static let fillModifiers = PromQLFeatures(rawValue: 1 << 2)

    /// `promql-extended-range-selectors`: the `anchored` and `smoothed` selector modifiers.
    public static let extendedRangeSelectors = PromQLFeatures(rawValue: 1 << 3)

    public static let all: PromQLFeatures = [.experimentalFunctions, .durationExpressions, .fillModifiers, .extendedRangeSelectors]

    /// Flag name (as given to `--enable-feature`) of each feature.
    public static let flags: [(name: String, feature: PromQLFeatures)] = [
        ("promql-experimental-functions", .experimentalFunctions),
        ("promql-duration-expr", .durationExpressions),
        ("promql-binop-fill-modifiers", .fillModifiers),
        ("promql-extended-range-selectors", .extendedRangeSelectors),
    ]

    /// The feature a flag name stands for; nil if PromQL has none by that name.
    public static func named(_ flag: String) -> PromQLFeatures? {
        flags.first { $0.name == flag }?.feature
    }

    /// The flag names of the features in this set.
    public var flagNames: [String] {
        PromQLFeatures.flags.filter { contains($0.feature) }.map(\.name)
    }

    /// The error text for a construct that needs `feature`.
    static func notEnabled(_ what: String, _ feature: PromQLFeatures) -> String {
        "\(what) is experimental and must be enabled with --enable-feature=\(feature.flagNames.joined(separator: ","))"
    }
}
