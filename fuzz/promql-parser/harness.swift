// libFuzzer harness for the PromQL parser: any byte string must parse or fail with a
// ParseError, never crash, hang or overflow the stack.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let expr = try? parse(input) {
        _ = valueType(of: expr)
    }
    return 0
}
