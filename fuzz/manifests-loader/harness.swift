// libFuzzer harness for the manifest loader (libyaml events -> positioned YAMLNode tree -> objects):
// any byte string must load into objects and findings, never crash, hang or overflow the stack.
// A loaded object is also read the way checks read it (pod spec, paths, locations).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = InputLimits.default
    limits.maxFileBytes = 1 << 20
    let result = ManifestLoader(limits: limits).load(bytes: bytes, file: "fuzz.yaml")
    for object in result.objects {
        _ = object.displayName
        _ = object.containers.map(\.image)
        _ = object.location(of: "spec.template.spec.containers[0].image")
        _ = object.keyLocation(of: "metadata.name")
    }
    for finding in result.findings {
        _ = result.source.line(finding.location.line)
    }
    return 0
}
