/// The annotations an expression is bound to produce whatever the data, found from its text
/// alone (for `opsctl rules check`): rate()/increase() of a metric whose name does not look
/// like a counter, and literal quantiles and ratios outside their range. The texts are
/// the ones the evaluator attaches to results.
public func staticAnnotations(of expr: Expr) -> [Annotation] {
    var out: [Annotation] = []
    func literal(_ e: Expr) -> Double? {
        switch e {
        case .number(let v, _): return v
        case .paren(let x, _): return literal(x)
        default: return nil
        }
    }
    func visit(_ e: Expr) {
        switch e {
        case .number, .string, .vectorSelector, .matrixSelector: return
        case .subquery(let x, _, _, _, _, _), .unary(_, let x, _), .paren(let x, _): visit(x)
        case .call(let name, let args, _):
            if name == "rate" || name == "increase", case .matrixSelector(let vs, _, let p)? = args.first,
               let metric = vs.name, !Annotation.looksLikeCounter(metric) {
                out.append(.possibleNonCounter(metric: metric, p))
            }
            if ["quantile_over_time", "histogram_quantile"].contains(name), let q = args.first.flatMap(literal), !(q >= 0 && q <= 1),
               let p = args.first?.position {
                out.append(.invalidQuantile(q, p))
            }
            if name == "histogram_quantiles" {
                for q in args.dropFirst(2) { if let v = literal(q), !(v >= 0 && v <= 1) { out.append(.invalidQuantile(v, q.position)) } }
            }
            args.forEach(visit)
        case .aggregate(let op, let x, let param, _, _, _):
            if op == .quantile, let param, let q = literal(param), !(q >= 0 && q <= 1) { out.append(.invalidQuantile(q, param.position)) }
            if op == .limitRatio, let param, let r = literal(param), r < -1 || r > 1 {
                out.append(.invalidRatio(r, capped: Swift.max(-1, Swift.min(1, r)), param.position))
            }
            visit(x)
            if let param { visit(param) }
        case .binary(_, let l, let r, _, _, _): visit(l); visit(r)
        }
    }
    visit(expr)
    return out
}
