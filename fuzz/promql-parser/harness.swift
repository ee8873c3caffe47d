// libFuzzer harness for the PromQL parser: any byte string must parse or fail with a
// ParseError, never crash, hang or overflow the stack — with every feature flag off (as
// Prometheus by default) and with all of them on (duration expressions, fill modifiers,
// anchored/smoothed, experimental functions). What parses also goes through the type
// check, the static annotations and the per-query duration resolution.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for features in [PromQLFeatures(), .all] {
        guard let expr = try? parse(input, features: features) else { continue }
        _ = valueType(of: expr)
        _ = staticAnnotations(of: expr)
        if expr.hasQueryDurations {
            _ = try? expr.resolvingDurations(stepMs: 15_000, rangeMs: 3_600_000)
            _ = try? expr.resolvingDurations(stepMs: Int64.max / 2, rangeMs: Int64.max / 2)
        }
    }
    return 0
}
