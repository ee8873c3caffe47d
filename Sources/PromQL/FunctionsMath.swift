#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Math and trigonometry on instant vectors; clamp*, round, sgn, pi.

private func c_exp(_ x: Double) -> Double { exp(x) }
private func c_log(_ x: Double) -> Double { log(x) }
private func c_log2(_ x: Double) -> Double { log2(x) }
private func c_log10(_ x: Double) -> Double { log10(x) }
private func c_sin(_ x: Double) -> Double { sin(x) }
private func c_cos(_ x: Double) -> Double { cos(x) }
private func c_tan(_ x: Double) -> Double { tan(x) }
private func c_asin(_ x: Double) -> Double { asin(x) }
private func c_acos(_ x: Double) -> Double { acos(x) }
private func c_atan(_ x: Double) -> Double { atan(x) }
private func c_sinh(_ x: Double) -> Double { sinh(x) }
private func c_cosh(_ x: Double) -> Double { cosh(x) }
private func c_tanh(_ x: Double) -> Double { tanh(x) }
private func c_asinh(_ x: Double) -> Double { asinh(x) }
private func c_acosh(_ x: Double) -> Double { acosh(x) }
private func c_atanh(_ x: Double) -> Double { atanh(x) }

enum MathFunctions {
    static func unary(_ f: @escaping @Sendable (Double) -> Double) -> FunctionImpl {
        { call in .vector(mapValues(try call.vector(0), f)) }
    }

    static let abs = unary { Swift.abs($0) }
    static let ceil = unary { $0.rounded(.up) }
    static let floor = unary { $0.rounded(.down) }
    static let exp = unary { c_exp($0) }
    static let sqrt = unary { $0.squareRoot() }
    static let ln = unary { c_log($0) }
    static let log2 = unary { c_log2($0) }
    static let log10 = unary { c_log10($0) }
    static let sgn = unary { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }
    static let sin = unary { c_sin($0) }
    static let cos = unary { c_cos($0) }
    static let tan = unary { c_tan($0) }
    static let asin = unary { c_asin($0) }
    static let acos = unary { c_acos($0) }
    static let atan = unary { c_atan($0) }
    static let sinh = unary { c_sinh($0) }
    static let cosh = unary { c_cosh($0) }
    static let tanh = unary { c_tanh($0) }
    static let asinh = unary { c_asinh($0) }
    static let acosh = unary { c_acosh($0) }
    static let atanh = unary { c_atanh($0) }
    static let deg = unary { $0 * 180 / Double.pi }
    static let rad = unary { $0 * Double.pi / 180 }
    static let pi: FunctionImpl = { _ in .scalar(Double.pi) }

    static let round: FunctionImpl = { call in
        let vec = try call.vector(0)
        let toNearest = call.args.count > 1 ? try call.scalar(1) : 1
        let inverse = 1 / toNearest
        return .vector(mapValues(vec) { ($0 * inverse + 0.5).rounded(.down) / inverse })
    }

    static let clamp: FunctionImpl = { call in
        let vec = try call.vector(0)
        let lo = try call.scalar(1), hi = try call.scalar(2)
        if hi < lo { return .vector([]) }
        return .vector(mapValues(vec) { goMax(lo, goMin(hi, $0)) })
    }
    static let clampMin: FunctionImpl = { call in
        let vec = try call.vector(0)
        let lo = try call.scalar(1)
        return .vector(mapValues(vec) { goMax($0, lo) })
    }
    static let clampMax: FunctionImpl = { call in
        let vec = try call.vector(0)
        let hi = try call.scalar(1)
        return .vector(mapValues(vec) { goMin($0, hi) })
    }
}
