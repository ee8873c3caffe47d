// Static type checks after parsing, with Prometheus's messages.

extension Parser {
    func typeError(_ e: Expr, _ message: String) -> ParseError {
        ParseError(position: e.position, message: message)
    }

    func expectType(_ e: Expr, _ want: ValueType, _ context: String) throws(ParseError) {
        let got = try checkType(e)
        if got != want {
            throw typeError(e, "expected type \(want.rawValue) in \(context), got \(got.rawValue)")
        }
    }

    @discardableResult
    func checkType(_ e: Expr) throws(ParseError) -> ValueType {
        switch e {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .vector
        case .matrixSelector: return .matrix
        case .subquery(let inner, _, _, _, _, _):
            let t = try checkType(inner)
            if t != .vector {
                throw typeError(e, "subquery is only allowed on instant vector, got \(t.rawValue) instead")
            }
            return .matrix
        case .paren(let inner, _):
            return try checkType(inner)
        case .unary(_, let inner, _):
            let t = try checkType(inner)
            if t != .scalar && t != .vector {
                throw typeError(e, "unary expression only allowed on expressions of type scalar or instant vector, got \"\(t.rawValue)\"")
            }
            return t
        case .call(let name, let args, _):
            guard let sig = FunctionTable.signature(name) else {
                throw typeError(e, "unknown function with name \"\(name)\"")
            }
            let n = sig.argTypes.count
            if sig.variadic == 0 {
                if args.count != n {
                    throw typeError(e, "expected \(n) argument(s) in call to \"\(name)\", got \(args.count)")
                }
            } else {
                let minArgs = n - 1
                if args.count < minArgs {
                    throw typeError(e, "expected at least \(minArgs) argument(s) in call to \"\(name)\", got \(args.count)")
                }
                if sig.variadic > 0, args.count > minArgs + sig.variadic {
                    throw typeError(e, "expected at most \(minArgs + sig.variadic) argument(s) in call to \"\(name)\", got \(args.count)")
                }
            }
            for (i, a) in args.enumerated() {
                let want = sig.argTypes[min(i, n - 1)]
                try expectType(a, want, "call to function \"\(name)\"")
                if case .matrixSelector(let vs, _, _) = a { try checkExtendedModifier(vs, in: name, a) }
            }
            return sig.returnType
        case .aggregate(let op, let inner, let param, _, _, _):
            try expectType(inner, .vector, "aggregation expression")
            if let param {
                let want: ValueType = op == .countValues ? .string : .scalar
                try expectType(param, want, "aggregation parameter")
            }
            return .vector
        case .binary(let op, let lhs, let rhs, let matching, let returnBool, _):
            let lt = try checkType(lhs), rt = try checkType(rhs)
            for (side, t) in [(lhs, lt), (rhs, rt)] where t != .scalar && t != .vector {
                throw typeError(side, "binary expression must contain only scalar and instant vector types")
            }
            if op.isComparison, lt == .scalar, rt == .scalar, !returnBool {
                throw typeError(e, "comparisons between scalars must use BOOL modifier")
            }
            if op.isSetOperator, lt == .scalar || rt == .scalar {
                throw typeError(e, "set operator \"\(op.rawValue)\" not allowed in binary scalar expression")
            }
            if let m = matching, lt != .vector || rt != .vector {
                if !m.matchingLabels.isEmpty || m.on || m.cardinality == .manyToOne || m.cardinality == .oneToMany {
                    throw typeError(e, "vector matching only allowed between instant vectors")
                }
            }
            if let m = matching, op.isSetOperator, m.cardinality == .manyToOne || m.cardinality == .oneToMany {
                throw typeError(e, "no grouping allowed for \"\(op.rawValue)\" operation")
            }
            if let m = matching, m.on {
                for l in m.include where m.matchingLabels.contains(l) {
                    throw typeError(e, "label \"\(l)\" must not occur in ON and GROUP clause at once")
                }
            }
            return lt == .scalar && rt == .scalar ? .scalar : .vector
        }
    }
}
