/// Reads one file's bytes into objects and load findings (syntax, duplicate keys, limits, non-objects).
/// Never throws for bad content: every problem becomes a finding, and the other documents still load.
public struct ManifestLoader: Sendable {
    public var limits: InputLimits

    public init(limits: InputLimits = .default) {
        self.limits = limits
    }

    /// The outcome of loading one source.
    public struct Result: Sendable {
        public var objects: [ManifestObject] = []
        public var findings: [Finding] = []
        /// The source split into lines, for showing the offending line under a finding.
        public var lines: [Substring] = []
    }

    public func load(bytes: [UInt8], file: String) -> Result {
        var result = Result()
        func report(_ kind: BuiltInFinding, _ message: String, at position: Position = .start, object: String? = nil) {
            result.findings.append(Finding(
                checkID: kind.rawValue, severity: kind.severity, message: message,
                location: Location(file: file, position: position), fix: kind.fix, object: object
            ))
        }

        if bytes.count > limits.maxFileBytes {
            report(.inputLimit, "file is \(bytes.count) bytes, more than the limit of \(limits.maxFileBytes) bytes; not parsed")
            return result
        }
        if let offset = bytes.firstIndex(of: 0) {
            report(.inputLimit, "not a text file: NUL byte at offset \(offset); not parsed")
            return result
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            report(.inputLimit, "not UTF-8 text; not parsed")
            return result
        }
        result.lines = text.split(separator: "\n", omittingEmptySubsequences: false)

        var composer = YAMLComposer(limits: limits)
        let isJSON = file.lowercased().hasSuffix(".json")
        let chunks = isJSON ? [DocumentSplitter.Chunk(firstLine: 1, text: text)] : DocumentSplitter.split(text)
        var documentIndex = 0
        for chunk in chunks {
            let shift = chunk.firstLine - 1
            func shifted(_ position: Position) -> Position {
                Position(line: position.line + shift, column: position.column)
            }
            let roots: [YAMLNode]
            composer.lineShift = shift
            do {
                roots = try composer.compose(chunk.text)
            } catch {
                switch error {
                case let .syntax(problem, at):
                    report(.yamlSyntax, "invalid YAML: \(problem)", at: shifted(at))
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
                documentIndex += 1
                continue
            }
            for root in roots {
                defer { documentIndex += 1 }
                let node = root
                if node.isNull { continue } // empty document: `---` with nothing, or only comments
                if !isObject(node, report: { report(.notAnObject, $0, at: $1) }) { continue }
                let object = ManifestObject(file: file, documentIndex: documentIndex, root: node)
                if object.kind == "List", object.apiVersion == "v1", let items = node["items"]?.items {
                    for item in items {
                        if !isObject(item, report: { report(.notAnObject, $0, at: $1) }) { continue }
                        result.objects.append(ManifestObject(file: file, documentIndex: documentIndex, root: item))
                    }
                    continue
                }
                result.objects.append(object)
            }
        }
        return result
    }

    /// True for a Kubernetes object (a mapping with apiVersion and kind); reports what is wrong otherwise.
    private func isObject(_ node: YAMLNode, report: (String, Position) -> Void) -> Bool {
        guard node.isMapping else {
            report("document is a \(node.typeName), not a Kubernetes object (a mapping with apiVersion and kind)", node.position)
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
