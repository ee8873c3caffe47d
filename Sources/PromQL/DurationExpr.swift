#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A duration written as an expression (`promql-duration-expr`): arithmetic on numbers
/// (seconds) and durations, `step()`, `range()`, `min_of()`, `max_of()`. Values are seconds.
public indirect enum DurationExpr: Sendable, Hashable {
    case literal(Double)
    /// The query's step (0 for an instant query).
    case step
    /// The query's range, end - start (0 for an instant query).
    case range
    case negate(DurationExpr)
    case binary(BinaryOp, DurationExpr, DurationExpr)
    case minOf(DurationExpr, DurationExpr)
    case maxOf(DurationExpr, DurationExpr)

    /// True when the value does not depend on the query.
    public var isConstant: Bool {
        switch self {
        case .literal: return true
        case .step, .range: return false
        case .negate(let x): return x.isConstant
        case .binary(_, let a, let b), .minOf(let a, let b), .maxOf(let a, let b): return a.isConstant && b.isConstant
        }
    }

    /// The value in seconds for a query with this step and range (milliseconds).
    public func seconds(stepMs: Int64, rangeMs: Int64) throws(DurationError) -> Double {
        switch self {
        case .literal(let v): return v
        case .step: return Double(stepMs) / 1000
        case .range: return Double(rangeMs) / 1000
        case .negate(let x): return -(try x.seconds(stepMs: stepMs, rangeMs: rangeMs))
        case .minOf(let a, let b): return min(try a.seconds(stepMs: stepMs, rangeMs: rangeMs), try b.seconds(stepMs: stepMs, rangeMs: rangeMs))
        case .maxOf(let a, let b): return max(try a.seconds(stepMs: stepMs, rangeMs: rangeMs), try b.seconds(stepMs: stepMs, rangeMs: rangeMs))
        case .binary(let op, let a, let b):
            let x = try a.seconds(stepMs: stepMs, rangeMs: rangeMs), y = try b.seconds(stepMs: stepMs, rangeMs: rangeMs)
            switch op {
            case .add: return x + y
            case .sub: return x - y
            case .mul: return x * y
            case .div:
                if y == 0 { throw DurationError("division by zero") }
                return x / y
            case .mod:
                if y == 0 { throw DurationError("modulo by zero") }
                return x.truncatingRemainder(dividingBy: y)
            case .pow: return pow(x, y)
            default: throw DurationError("operator \"\(op.rawValue)\" is not allowed in a duration expression")
            }
        }
    }

    /// Milliseconds, as a selector's range or offset; nil when out of bounds.
    public func milliseconds(stepMs: Int64, rangeMs: Int64) throws(DurationError) -> Int64 {
        let s = try seconds(stepMs: stepMs, rangeMs: rangeMs)
        guard s.isFinite, abs(s) < 9.2e15 else { throw DurationError("duration out of range: \(s)s") }
        return Int64((s * 1000).rounded())
    }
}

public struct DurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Expr {
    /// Whether any selector carries a duration that depends on the query.
    var hasQueryDurations: Bool {
        switch self {
        case .number, .string: return false
        case .vectorSelector(let vs), .matrixSelector(let vs, _, _): return vs.offsetExpr != nil || vs.rangeExpr != nil
        case .subquery(let x, _, _, _, _, _), .unary(_, let x, _), .paren(let x, _): return x.hasQueryDurations
        case .call(_, let args, _): return args.contains { $0.hasQueryDurations }
        case .aggregate(_, let x, let p, _, _, _): return x.hasQueryDurations || (p?.hasQueryDurations ?? false)
        case .binary(_, let l, let r, _, _, _): return l.hasQueryDurations || r.hasQueryDurations
        }
    }

    /// The expression with `step()`/`range()` durations replaced by their values for one query.
    func resolvingDurations(stepMs: Int64, rangeMs: Int64) throws -> Expr {
        func sel(_ vs: VectorSelector) throws -> VectorSelector {
            var v = vs
            do {
                if let o = vs.offsetExpr { v.offsetMs = try o.milliseconds(stepMs: stepMs, rangeMs: rangeMs); v.offsetExpr = nil }
            } catch { throw EvaluationError(error.message) }
            return v
        }
        switch self {
        case .number, .string: return self
        case .vectorSelector(let vs): return .vectorSelector(try sel(vs))
        case .matrixSelector(let vs, let range, let p):
            var r = range
            if let re = vs.rangeExpr {
                do { r = try re.milliseconds(stepMs: stepMs, rangeMs: rangeMs) } catch { throw EvaluationError(error.message) }
                if r <= 0 { throw EvaluationError("range must be greater than 0s, got \(Double(r) / 1000)s") }
            }
            var v = try sel(vs)
            v.rangeExpr = nil
            return .matrixSelector(v, rangeMs: r, position: p)
        case .subquery(let x, let r, let s, let o, let at, let p):
            return .subquery(try x.resolvingDurations(stepMs: stepMs, rangeMs: rangeMs), rangeMs: r, stepMs: s, offsetMs: o, at: at, position: p)
        case .unary(let m, let x, let p): return .unary(minus: m, try x.resolvingDurations(stepMs: stepMs, rangeMs: rangeMs), position: p)
        case .paren(let x, let p): return .paren(try x.resolvingDurations(stepMs: stepMs, rangeMs: rangeMs), position: p)
        case .call(let n, let args, let p): return .call(name: n, args: try args.map { try $0.resolvingDurations(stepMs: stepMs, rangeMs: rangeMs) }, position: p)
        case .aggregate(let op, let x, let param, let g, let w, let p):
            return .aggregate(op: op, expr: try x.resolvingDurations(stepMs: stepMs, rangeMs: rangeMs),
                              param: try param?.resolvingDurations(stepMs: stepMs, rangeMs: rangeMs), grouping: g, without: w, position: p)
        case .binary(let op, let l, let r, let m, let b, let p):
            return .binary(op: op, lhs: try l.resolvingDurations(stepMs: stepMs, rangeMs: rangeMs),
                           rhs: try r.resolvingDurations(stepMs: stepMs, rangeMs: rangeMs), matching: m, returnBool: b, position: p)
        }
    }
}
