/// The type signature of a PromQL function, as the parser checks it.
public struct FunctionSignature: Sendable {
    public var name: String
    public var argTypes: [ValueType]
    /// 0: exactly `argTypes.count` arguments. n > 0: the last argument is optional and may
    /// repeat up to n times. -1: the last argument may repeat without limit.
    public var variadic: Int
    public var returnType: ValueType
    /// Behind a feature flag in Prometheus 3 (`--enable-feature=promql-experimental-functions`).
    public var experimental: Bool
    /// The features the function needs (empty: always available).
    public var feature: PromQLFeatures

    public init(_ name: String, _ argTypes: [ValueType], _ returnType: ValueType,
                variadic: Int = 0, experimental: Bool = false, feature: PromQLFeatures = []) {
        self.name = name; self.argTypes = argTypes; self.returnType = returnType
        self.variadic = variadic; self.experimental = experimental
        self.feature = experimental ? feature.union(.experimentalFunctions) : feature
    }
}
