/// promtool's `test rules` file format, unchanged.
public struct UnitTestFile: Sendable {
    public var path: String
    public var ruleFiles: [String]
    public var evaluationIntervalMs: Int64
    public var groupEvalOrder: [String]
    public var fuzzyCompare: Bool
    public var tests: [TestGroup]
}

public struct TestGroup: Sendable {
    public var name: String?
    public var intervalMs: Int64?
    public var inputSeries: [InputSeries]
    public var alertTests: [AlertTestCase]
    public var exprTests: [ExprTestCase]
    public var externalLabels: [String: String]
    public var externalURL: String
    public var startTimestampMs: Int64
    public var position: FilePosition
}

public struct InputSeries: Sendable {
    public var series: String
    public var values: String
    public var position: FilePosition
}

public struct AlertTestCase: Sendable {
    public var evalTimeMs: Int64
    public var alertname: String
    public var expected: [ExpectedAlert]
    public var position: FilePosition
}

public struct ExpectedAlert: Sendable {
    public var labels: [String: String]
    public var annotations: [String: String]
}

public struct ExprTestCase: Sendable {
    public var expr: String
    public var evalTimeMs: Int64
    public var expected: [ExpectedSample]
    public var position: FilePosition
}

public struct ExpectedSample: Sendable {
    public var labels: String
    public var value: Double
    public var histogram: String?
    public var position: FilePosition
}
