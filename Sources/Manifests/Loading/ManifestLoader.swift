/// Reads one file's bytes into objects and load findings (syntax, duplicate keys, limits, non-objects).
/// Never throws for bad content: every problem becomes a finding, and the other documents still load.
///
/// Two steps so a run can spread documents over cores: `prepare` (checks, splits into documents)
/// and `load(_:)` per document.
public struct ManifestLoader: Sendable {
    public var limits: InputLimits

    public init(limits: InputLimits = .default) {
        self.limits = limits
    }

    /// The outcome of loading a file or a document.
    public struct Result: Sendable {
        public var objects: [ManifestObject] = []
        public var findings: [Finding] = []
        /// The source, for showing the offending line under a finding.
        public var source: SourceText = .empty
    }

    /// One document of a file, ready to compose.
    public struct Document: Sendable {
        public var file: String
        public var index: Int
        public var chunk: DocumentSplitter.Chunk
    }

    /// A file checked for size and encoding, split into documents.
    public struct Prepared: Sendable {
        public var file: String
        public var findings: [Finding] = []
        public var documents: [Document] = []
        /// The file's text once it passed the checks (empty otherwise); the documents are slices of it.
        public var source: SourceText = .empty

        public init(file: String) {
            self.file = file
        }
    }

    /// Loads a whole file (both steps, one thread).
    public func load(bytes: [UInt8], file: String) -> Result {
        let prepared = prepare(bytes: bytes, file: file)
        var result = Result(objects: [], findings: prepared.findings, source: prepared.source)
        for document in prepared.documents {
            let loaded = load(document)
            result.objects += loaded.objects
            result.findings += loaded.findings
        }
        return result
    }

    public func prepare(bytes: [UInt8], file: String) -> Prepared {
        var prepared = Prepared(file: file)
        func refuse(_ message: String) -> Prepared {
            prepared.findings.append(Self.finding(.inputLimit, message, file: file, at: .start))
            return prepared
        }
        if bytes.count > limits.maxFileBytes {
            return refuse("file is larger than the limit of \(limits.maxFileBytes) bytes; not parsed")
        }
        if let offset = bytes.withUnsafeBufferPointer({ ByteSearch.index(of: 0, in: $0, from: 0) }) {
            return refuse("not a text file: NUL byte at offset \(offset); not parsed")
        }
        guard Self.isUTF8(bytes) else {
            return refuse("not UTF-8 text; not parsed")
        }
        prepared.source = SourceText(bytes: bytes)
        let isJSON = file.lowercased().hasSuffix(".json")
        let chunks = isJSON ? [DocumentSplitter.Chunk(firstLine: 1, bytes: bytes[...])] : DocumentSplitter.split(bytes: bytes)
        prepared.documents = chunks.enumerated().map { Document(file: file, index: $0.offset, chunk: $0.element) }
        return prepared
    }

    /// Composes one document into objects (a `v1/List` gives one object per item) or findings.
    public func load(_ document: Document) -> Result {
        var result = Result()
        let file = document.file
        let shift = document.chunk.firstLine - 1
        func report(_ kind: BuiltInFinding, _ message: String, at position: Position) {
            result.findings.append(Self.finding(kind, message, file: file, at: position))
        }
        func shifted(_ position: Position) -> Position {
            Position(line: position.line + shift, column: position.column)
        }
        var composer = YAMLComposer(limits: limits)
        composer.lineShift = shift
        let roots: [YAMLNode]
        do {
            roots = try composer.compose(document.chunk.bytes)
        } catch {
            switch error {
            case let .syntax(problem, at, context):
                var message = "invalid YAML: \(problem)"
                if let context {
                    let start = shifted(context.at)
                    message += " (\(context.text) at line \(start.line), column \(start.column))"
                }
                report(.yamlSyntax, message, at: shifted(at))
            case let .duplicateKey(key, at, first):
                let firstShifted = shifted(first)
                report(.duplicateKey, "duplicate key \"\(key)\" (first at line \(firstShifted.line), column \(firstShifted.column)); the document is not checked further", at: shifted(at))
            case let .tooDeep(limit, at):
                report(.inputLimit, "nesting deeper than \(limit) levels; the document is not checked", at: shifted(at))
            case let .tooManyNodes(limit, bytes, at):
                report(.inputLimit, "document of \(bytes) bytes expands to more than \(limit) nodes (alias bomb?); the document is not checked", at: shifted(at))
            case let .aliasAsKey(at):
                report(.inputLimit, "an alias used as a mapping key is not supported; the document is not checked", at: shifted(at))
            }
            return result
        }
        for root in roots {
            if root.isNull { continue } // empty document: `---` with nothing, or only comments
            guard isObject(root, report: { report(.notAnObject, $0, at: $1) }) else { continue }
            let object = ManifestObject(file: file, documentIndex: document.index, root: root)
            if object.kind == "List", object.apiVersion == "v1", let items = root["items"]?.items {
                for item in items where isObject(item, report: { report(.notAnObject, $0, at: $1) }) {
                    result.objects.append(ManifestObject(file: file, documentIndex: document.index, root: item))
                }
                continue
            }
            result.objects.append(object)
        }
        return result
    }

    /// True when `bytes` are valid UTF-8 (a quick pass for pure ASCII, the usual case).
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        let ascii = bytes.withUnsafeBufferPointer { buffer in
            var high: UInt8 = 0
            for byte in buffer { high |= byte }
            return high < 0x80
        }
        return ascii || String(validating: bytes, as: UTF8.self) != nil
    }

    static func finding(_ kind: BuiltInFinding, _ message: String, file: String, at position: Position) -> Finding {
        Finding(
            checkID: kind.rawValue, severity: kind.severity, message: message,
            location: Location(file: file, position: position), fix: kind.fix
        )
    }

    /// True for a Kubernetes object (a mapping with apiVersion and kind); reports what is wrong otherwise.
    private func isObject(_ node: YAMLNode, report: (String, Position) -> Void) -> Bool {
        guard node.isMapping else {
            report("document is \(SchemaValidator.article(node.typeName)), not a Kubernetes object (a mapping with apiVersion and kind)", node.position)
            return false
        }
        var missing: [String] = []
        if node["apiVersion"]?.text?.isEmpty ?? true { missing.append("apiVersion") }
        if node["kind"]?.text?.isEmpty ?? true { missing.append("kind") }
        guard missing.isEmpty else {
            report("document has no \(missing.joined(separator: " and ")); not a Kubernetes object", node.position)
            return false
        }
        return true
    }
}
