import PromQL

/// Which labels an expression's result series can carry: nil when any label may appear
/// (a plain selector), a set when the expression pins them (`sum by (job)` -> {job}).
enum LabelInference {
    static func labels(_ e: Expr) -> Set<String>? {
        switch e {
        case .number, .string: return []
        case .vectorSelector, .matrixSelector: return nil
        case .subquery(let x, _, _, _, _, _), .paren(let x, _), .unary(_, let x, _): return labels(x)
        case .aggregate(let op, let x, let param, let grouping, let without, _):
            if [.topk, .bottomk, .limitk, .limitRatio].contains(op) { return labels(x) }
            var result: Set<String>?
            if without {
                result = labels(x).map { $0.subtracting(grouping) }
            } else {
                result = Set(grouping)
            }
            if op == .countValues, case .string(let name, _)? = param { result?.insert(name) }
            return result
        case .binary(let op, let l, let r, let matching, _, _):
            let lt = valueType(of: l), rt = valueType(of: r)
            if lt == .scalar { return labels(r) }
            if rt == .scalar { return labels(l) }
            switch op {
            case .and, .unless: return labels(l)
            case .or:
                guard let a = labels(l), let b = labels(r) else { return nil }
                return a.union(b)
            default:
                if let m = matching, m.cardinality == .oneToMany {
                    return labels(r).map { $0.union(m.include) }
                }
                if let m = matching, m.cardinality == .manyToOne {
                    return labels(l).map { $0.union(m.include) }
                }
                if let m = matching, m.on, m.cardinality == .oneToOne, !op.isComparison {
                    return labels(l).map { $0.intersection(m.matchingLabels) } ?? Set(m.matchingLabels)
                }
                return labels(l)
            }
        case .call(let name, let args, _):
            switch name {
            case "vector", "time", "scalar", "pi":
                return []
            case "absent", "absent_over_time":
                guard let a = args.first else { return [] }
                var sel: VectorSelector?
                switch a {
                case .vectorSelector(let vs): sel = vs
                case .matrixSelector(let vs, _, _): sel = vs
                default: break
                }
                return Set(sel?.matchers.filter { $0.op == .equal && $0.name != "__name__" }.map(\.name) ?? [])
            case "label_replace", "label_join":
                guard args.count >= 2, case .string(let dst, _) = args[1] else { return args.first.flatMap(labels) }
                return args.first.flatMap(labels).map { $0.union([dst]) }
            case "histogram_quantile":
                guard args.count == 2 else { return nil }
                return labels(args[1]).map { $0.subtracting(["le"]) }
            default:
                guard let v = args.first(where: { [.vector, .matrix].contains(valueType(of: $0)) }) else { return [] }
                return labels(v)
            }
        }
    }
}
