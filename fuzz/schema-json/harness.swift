// libFuzzer harness for the schema JSON reader: any byte string must parse as JSON or fail with a
// ParseError; a parsed object is read as a schema bundle (defs + kinds), turned into a strict CRD
// schema, compiled and used to validate a small document, never crashing, hanging or overflowing the stack.

private let document: YAMLNode = {
    let text = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, labels: {a: b}}\nspec: {size: 3, port: http, items: [1, x, {k: v}], on: yes}\n"
    return ManifestLoader().load(bytes: Array(text.utf8), file: "w.yaml").objects.first?.root ?? YAMLNode(.scalar(Scalar(text: "", kind: .null)), at: .start)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let bundle = try? DefinitionSource.BundleFile(bytes: bytes) {
        for name in bundle.kinds.values.prefix(4) {
            if let definition = bundle.source.definition(named: name) {
                var compiler = SchemaCompiler { bundle.source.definition(named: $0) }
                _ = SchemaValidator(schema: compiler.compiled(definition)).validate(document)
            }
        }
    }
    guard let json = try? JSONValue.parse(bytes) else { return 0 }
    let (strict, problems) = CRDSchema.strict(json)
    _ = problems.map(\.message)
    var compiler = SchemaCompiler { _ in json }
    _ = SchemaValidator(schema: compiler.compiled(strict)).validate(document)
    return 0
}
