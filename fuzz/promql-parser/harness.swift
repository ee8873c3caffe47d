// libFuzzer harness for the PromQL parser and the series notation: any byte string must
// parse or fail with a ParseError / NotationError, never crash, hang or overflow the stack.
// Expressions: with every feature flag off (as Prometheus by default) and with all of them
// on (duration expressions, fill modifiers, anchored/smoothed, experimental functions);
// what parses also goes through the type check, the static annotations and the per-query
// duration resolution. Series notation (`1+2x3 _ stale {{schema:0 buckets:[1 2]}}x2 ...`,
// as promqltest scripts and promtool test files write it): every histogram that parses is
// compacted, listed bucket by bucket, reduced to schema -4, added to and subtracted from
// itself, compared with itself and printed.

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
    // Bounded: an `x` expansion may ask for billions of samples; the loader refuses those
    // with an error, so a short input may not stall the fuzzer.
    if let values = try? HistogramNotation.parseValues(input, maxPoints: 10_000) {
        for case .histogram(let h)? in values.prefix(64) {
            _ = h.compacted().allBuckets()
            _ = h.reduced(to: -4).description
            _ = try? h.combined(with: h, sign: 1)
            _ = try? h.combined(with: h, sign: -1)
            _ = h.approximatelyEquals(h, compareHint: true)
            _ = h.isCounterReset(after: h.scaled(by: 0.5))
        }
    }
    return 0
}
