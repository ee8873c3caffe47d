// libFuzzer harness for CustomResourceDefinitions as check-manifests reads them from a run or `--crd`:
// bytes -> manifest loader -> each CRD's served `openAPIV3Schema` -> `CRDSchema.strict` (the
// conversion to a strict schema, with its problems) -> `SchemaCompiler` -> every custom resource of
// the same input validated against it. These are the steps of `CustomResourceSchemas.fromDefinitions`
// and `schema(apiVersion:kind:)` (that file itself reads the bundled CRDs through `Bundle.module`,
// which a harness compiled with swiftc does not have). A hostile CRD (deep nesting, huge enums, a
// schema that is not an object, a type that is not a string) must give problems, never a crash or a hang.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = InputLimits.default
    limits.maxFileBytes = 1 << 20
    let objects = ManifestLoader(limits: limits).load(bytes: bytes, file: "fuzz.yaml").objects
    var schemas: [String: CompiledSchema] = [:]
    for crd in objects where crd.kind == "CustomResourceDefinition" {
        guard let group = crd.node(at: "spec.group")?.text, let kind = crd.node(at: "spec.names.kind")?.text else { continue }
        for (index, version) in (crd.node(at: "spec.versions")?.items ?? []).enumerated() {
            guard let name = version["name"]?.text else { continue }
            let path = NodePath("spec.versions").appending(index: index).appending(key: "schema").appending(key: "openAPIV3Schema")
            guard let node = crd.node(at: path) else { continue }
            let (strict, problems) = CRDSchema.strict(JSONValue(yaml: node))
            for problem in problems { _ = crd.location(of: path.appending(problem.path)); _ = problem.message }
            var compiler = SchemaCompiler { _ in nil }
            schemas["\(group)/\(name)/\(kind)"] = compiler.compiled(strict)
        }
    }
    for object in objects {
        guard let schema = schemas["\(object.apiVersion)/\(object.kind)"] else { continue }
        for violation in SchemaValidator(schema: schema).validate(object.root) { _ = violation.message }
    }
    return 0
}
