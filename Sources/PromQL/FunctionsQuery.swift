// step(), range(), start(), end(): the query's step, range and bounds in seconds (an instant
// query has step and range 0); min_of(a, b), max_of(a, b): NaN if either is NaN.

enum QueryFunctions {
    static let step: FunctionImpl = { call in .scalar(Double(call.evaluator.queryStepMs) / 1000) }
    static let range: FunctionImpl = { call in .scalar(Double(call.evaluator.queryEnd - call.evaluator.queryStart) / 1000) }
    static let start: FunctionImpl = { call in .scalar(Double(call.evaluator.queryStart) / 1000) }
    static let end: FunctionImpl = { call in .scalar(Double(call.evaluator.queryEnd) / 1000) }

    static let minOf: FunctionImpl = { call in
        let a = try call.scalar(0), b = try call.scalar(1)
        return .scalar(a.isNaN || b.isNaN ? .nan : Swift.min(a, b))
    }
    static let maxOf: FunctionImpl = { call in
        let a = try call.scalar(0), b = try call.scalar(1)
        return .scalar(a.isNaN || b.isNaN ? .nan : Swift.max(a, b))
    }
}
