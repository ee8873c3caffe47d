// The PromQL syntax tree. This is the contract between the PromQL module and its users
// (Rules walks it for lints). Positions are 1-based line:column into the expression text.

public struct SourcePosition: Hashable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
}

public enum MatchOp: String, Sendable, Hashable {
    case equal = "=", notEqual = "!=", regexMatch = "=~", regexNoMatch = "!~"
}

public struct LabelMatcher: Sendable, Hashable {
    public var name: String
    public var op: MatchOp
    public var value: String
    public init(name: String, op: MatchOp, value: String) {
        self.name = name; self.op = op; self.value = value
    }
}

/// `@ <time>`, `@ start()`, `@ end()`.
public enum AtModifier: Sendable, Hashable {
    case timestamp(Int64)  // milliseconds
    case start
    case end
}

public struct VectorSelector: Sendable, Hashable {
    public var name: String?
    public var matchers: [LabelMatcher]
    public var offsetMs: Int64          // may be negative
    public var at: AtModifier?
    public var position: SourcePosition
    /// Duration expressions that depend on the query (`step()`, `range()`), resolved into
    /// `offsetMs` and the range of the enclosing matrix selector when a query starts; nil
    /// when the duration is known at parse time (constants are folded).
    public var offsetExpr: DurationExpr? = nil
    public var rangeExpr: DurationExpr? = nil
    /// `anchored` / `smoothed` (promql-extended-range-selectors): see ExtendedRange.swift.
    public var anchored = false
    public var smoothed = false
    public init(name: String?, matchers: [LabelMatcher], offsetMs: Int64 = 0,
                at: AtModifier? = nil, position: SourcePosition) {
        self.name = name; self.matchers = matchers; self.offsetMs = offsetMs
        self.at = at; self.position = position
    }
}

public enum BinaryOp: String, Sendable, Hashable, CaseIterable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", atan2 = "atan2"
    case eql = "==", neq = "!=", gtr = ">", lss = "<", gte = ">=", lte = "<="
    case and = "and", or = "or", unless = "unless"
    /// The native-histogram trim operators: `h </ x` keeps the observations below x,
    /// `h >/ x` those above.
    case trimUpper = "</", trimLower = ">/"

    public var isComparison: Bool { [.eql, .neq, .gtr, .lss, .gte, .lte].contains(self) }
    public var isTrim: Bool { self == .trimUpper || self == .trimLower }
    /// Whether the result keeps the metric name (comparisons and trims do, arithmetic does not).
    var keepsMetricName: Bool { isComparison || isTrim }
    public var isSetOperator: Bool { [.and, .or, .unless].contains(self) }
}

public enum VectorMatchCardinality: Sendable, Hashable {
    case oneToOne, manyToOne, oneToMany, manyToMany
}

public struct VectorMatching: Sendable, Hashable {
    public var cardinality: VectorMatchCardinality
    public var matchingLabels: [String]
    public var on: Bool                  // true: on(...), false: ignoring(...)
    public var include: [String]         // group_left/group_right extra labels
    /// `fill_left(v)` / `fill_right(v)` / `fill(v)` (promql-binop-fill-modifiers): the value
    /// that stands in for a missing sample on that side.
    public var fillLeft: Double?
    public var fillRight: Double?
    public init(cardinality: VectorMatchCardinality = .oneToOne, matchingLabels: [String] = [],
                on: Bool = false, include: [String] = [], fillLeft: Double? = nil, fillRight: Double? = nil) {
        self.cardinality = cardinality; self.matchingLabels = matchingLabels
        self.on = on; self.include = include
        self.fillLeft = fillLeft; self.fillRight = fillRight
    }
}

public enum AggregateOp: String, Sendable, Hashable, CaseIterable {
    case sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk
    case countValues = "count_values", quantile
    case limitk, limitRatio = "limit_ratio"
}

public indirect enum Expr: Sendable, Hashable {
    case number(Double, SourcePosition)
    case string(String, SourcePosition)
    case vectorSelector(VectorSelector)
    /// `selector[range]`; range in milliseconds.
    case matrixSelector(VectorSelector, rangeMs: Int64, position: SourcePosition)
    /// `expr[range:step]`; step nil means the default evaluation interval.
    case subquery(Expr, rangeMs: Int64, stepMs: Int64?, offsetMs: Int64, at: AtModifier?, position: SourcePosition)
    case call(name: String, args: [Expr], position: SourcePosition)
    case aggregate(op: AggregateOp, expr: Expr, param: Expr?, grouping: [String], without: Bool, position: SourcePosition)
    case binary(op: BinaryOp, lhs: Expr, rhs: Expr, matching: VectorMatching?, returnBool: Bool, position: SourcePosition)
    case unary(minus: Bool, Expr, position: SourcePosition)
    case paren(Expr, position: SourcePosition)

    public var position: SourcePosition {
        switch self {
        case .number(_, let p), .string(_, let p): return p
        case .vectorSelector(let vs): return vs.position
        case .matrixSelector(_, _, let p): return p
        case .subquery(_, _, _, _, _, let p): return p
        case .call(_, _, let p): return p
        case .aggregate(_, _, _, _, _, let p): return p
        case .binary(_, _, _, _, _, let p): return p
        case .unary(_, _, let p): return p
        case .paren(_, let p): return p
        }
    }

    /// Where the expression's text begins (Prometheus's PositionRange start): a binary
    /// expression at its left operand, a subquery at its inner expression.
    public var startPosition: SourcePosition {
        switch self {
        case .matrixSelector(let vs, _, _): return vs.position
        case .subquery(let x, _, _, _, _, _): return x.startPosition
        case .binary(_, let l, _, _, _, _): return l.startPosition
        default: return position
        }
    }
}

public enum ValueType: String, Sendable {
    case scalar, vector = "instant vector", matrix = "range vector", string
}
