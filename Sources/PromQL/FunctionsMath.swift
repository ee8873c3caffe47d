#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Math and trigonometry on instant vectors; clamp*, round, sgn, pi.

enum MathFunctions {
    static func unary(_ f: @escaping @Sendable (Double) -> Double) -> FunctionImpl {
        { call in .vector(mapValues(try call.vector(0), f)) }
    }

    static let abs = unary { Swift.abs($0) }
    static let ceil = unary { $0.rounded(.up) }
    static let floor = unary { $0.rounded(.down) }
    static let exp = unary { Glibc.exp($0) }
    static let sqrt = unary { $0.squareRoot() }
    static let ln = unary { Glibc.log($0) }
    static let log2 = unary { Glibc.log2($0) }
    static let log10 = unary { Glibc.log10($0) }
    static let sgn = unary { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }
    static let sin = unary { Glibc.sin($0) }
    static let cos = unary { Glibc.cos($0) }
    static let tan = unary { Glibc.tan($0) }
    static let asin = unary { Glibc.asin($0) }
    static let acos = unary { Glibc.acos($0) }
    static let atan = unary { Glibc.atan($0) }
    static let sinh = unary { Glibc.sinh($0) }
    static let cosh = unary { Glibc.cosh($0) }
    static let tanh = unary { Glibc.tanh($0) }
    static let asinh = unary { Glibc.asinh($0) }
    static let acosh = unary { Glibc.acosh($0) }
    static let atanh = unary { Glibc.atanh($0) }
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
