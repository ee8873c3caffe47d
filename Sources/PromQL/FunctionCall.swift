/// What a function implementation gets: its argument expressions, the evaluator and the
/// evaluation time. Implementations evaluate the arguments they need.
struct FunctionCall: Sendable {
    let evaluator: Evaluator
    let args: [Expr]
    let time: Int64

    func vector(_ i: Int) throws -> [ESample] { try evaluator.vector(args[i], time) }
    func scalar(_ i: Int) throws -> Double { try evaluator.scalar(args[i], time) }
    func string(_ i: Int) throws -> String {
        if case .string(let s) = try evaluator.eval(args[i], time) { return s }
        throw EvaluationError("expected string argument")
    }

    /// A range-vector argument: its series and the window they were selected from.
    func matrix(_ i: Int) throws -> (series: [ESeries], window: RangeWindow) {
        var e = args[i]
        while case .paren(let x, _) = e { e = x }
        switch e {
        case .matrixSelector(let vs, let range, _): return evaluator.selectMatrix(vs, rangeMs: range, time)
        case .subquery: return try evaluator.evalSubquery(e, time)
        default: throw EvaluationError("expected range vector argument")
        }
    }
}

typealias FunctionImpl = @Sendable (FunctionCall) throws -> EValue

// MARK: helpers shared by the families

/// Apply `f` to every sample's value; the metric name is dropped (delayed).
func mapValues(_ vec: [ESample], _ f: (Double) -> Double) -> [ESample] {
    vec.map { ESample(labels: $0.labels, value: f($0.value), dropName: true) }
}

/// One output sample per input series for which `f` yields a value.
func mapSeries(_ series: [ESeries], keepName: Bool = false, _ f: (ESeries) -> Double?) -> [ESample] {
    series.compactMap { s in
        guard let v = f(s) else { return nil }
        return ESample(labels: s.labels, value: v, dropName: keepName ? s.dropName : true)
    }
}
