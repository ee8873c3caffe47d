// absent (absent_over_time lives with the *_over_time family).

enum AbsentFunctions {
    /// The labels absent() reports: the selector's equality matchers, except ones that
    /// appear twice and the metric name.
    static func labels(from e: Expr) -> Labels {
        var x = e
        while case .paren(let inner, _) = x { x = inner }
        var matchers: [LabelMatcher] = []
        switch x {
        case .vectorSelector(let vs): matchers = vs.matchers
        case .matrixSelector(let vs, _, _): matchers = vs.matchers
        case .subquery: return Labels()
        default: return Labels()
        }
        var seen: [String: Int] = [:]
        for m in matchers { seen[m.name, default: 0] += 1 }
        var d: [String: String] = [:]
        for m in matchers where m.op == .equal && m.name != "__name__" && seen[m.name] == 1 {
            d[m.name] = m.value
        }
        return Labels(d)
    }

    static let absent: FunctionImpl = { call in
        if !(try call.vector(0)).isEmpty { return .vector([]) }
        return .vector([ESample(labels: labels(from: call.args[0]), value: 1)])
    }
}
