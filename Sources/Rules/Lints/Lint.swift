import PromQL

/// Settings of the offline lints (`--config FILE`, YAML; every key optional).
public struct LintConfig: Sendable {
    /// The scrape interval rate/increase ranges are measured against.
    public var scrapeIntervalMs: Int64 = 60_000
    /// A rate/increase range must be at least this many scrape intervals.
    public var rateRangeFactor: Int64 = 2
    /// Evaluation interval for groups that do not set their own.
    public var evaluationIntervalMs: Int64 = 60_000
    public var requiredLabels: [String] = ["severity"]
    public var requiredAnnotations: [String] = ["summary", "description", "runbook_url"]
    /// Directory holding `runbooks/`; runbook_url paths under runbooks/ must exist there.
    public var runbookRoot: String = "."
    /// Lint ids switched off.
    public var disabled: Set<String> = []
    /// PromQL features switched on (`enable_features`, promtool's --enable-feature).
    public var features: PromQLFeatures = []
    public init() {}
}

/// One problem a lint found in one rule; the checker turns it into a Finding.
public struct LintProblem: Sendable {
    public var position: FilePosition
    public var message: String
    public init(_ position: FilePosition, _ message: String) { self.position = position; self.message = message }
}

/// An offline check of one rule. Each lint lives in a file named after its id.
public protocol Lint: Sendable {
    var id: String { get }
    /// One or two sentences: why the problem matters (docs/lints/<id>.md, `--list-lints`).
    var why: String { get }
    /// One line: how to fix it.
    var fix: String { get }
    /// A rule (one YAML list item of a group's `rules:`) that this lint reports; the docs show it
    /// with the finding it really gives (Tests/RulesTests/LintDocsTests.swift).
    var example: String { get }
    func check(_ rule: Rule, expr: Expr, group: RuleGroup, file: RuleFile, config: LintConfig) -> [LintProblem]
}

/// Every lint, in the order findings are reported.
public enum Lints {
    public static let all: [any Lint] = [
        AlertsComparison(), PromQLRateRange(), AlertsAbsentFor(), AlertsFor(),
        RuleRequiredLabel(), AlertsRequiredAnnotation(), AlertsRunbookFile(),
        AlertsValueHumanize(), AlertsTemplateLabels(), PromQLAnnotations(),
    ]
}

/// Direct children of an expression node, for walking the tree.
extension Expr {
    var children: [Expr] {
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: return []
        case .subquery(let e, _, _, _, _, _): return [e]
        case .call(_, let args, _): return args
        case .aggregate(_, let e, let p, _, _, _): return [e] + (p.map { [$0] } ?? [])
        case .binary(_, let l, let r, _, _, _): return [l, r]
        case .unary(_, let e, _), .paren(let e, _): return [e]
        }
    }

    /// Every node, depth first (the parser bounds the depth).
    func walk(_ visit: (Expr) -> Void) {
        visit(self)
        for c in children { c.walk(visit) }
    }
}

extension Rule {
    func annotation(_ name: String) -> RuleLabel? { annotations.first { $0.name == name } }
}
