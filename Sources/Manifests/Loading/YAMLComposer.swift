internal import CLibYAML

/// Turns one YAML document into a `YAMLNode` tree with positions, under `InputLimits`.
///
/// Composes straight from libyaml's parser events (no intermediate node tree): positions come from
/// the event marks, scalars resolve the Kubernetes way (`ScalarResolver`), merge keys
/// (`<<: *defaults`) apply, duplicate keys are found, and depth and alias-expansion limits hold.
/// An alias reuses the anchored node (arrays are shared, not copied), and counts its full expanded
/// size against the node budget, so an alias bomb costs neither time nor memory here.
struct YAMLComposer {
    /// Why a document could not be composed; positions are inside the document text (not shifted).
    enum Failure: Error, Sendable {
        case syntax(problem: String, at: Position, context: (text: String, at: Position)? = nil)
        case duplicateKey(key: String, at: Position, first: Position)
        case tooDeep(limit: Int, at: Position)
        case tooManyNodes(limit: Int, bytes: Int, at: Position)
        case aliasAsKey(at: Position)
    }

    let limits: InputLimits
    /// Added to every line: where the document starts in its file, minus one.
    var lineShift = 0

    /// Parses `text` (one document, possibly empty) into zero or more roots (more if the splitter missed a marker).
    func compose(_ text: String) throws(Failure) -> [YAMLNode] {
        try compose(Array(text.utf8)[...])
    }

    /// Parses UTF-8 `bytes` (one document, possibly empty) into zero or more roots.
    func compose(_ bytes: ArraySlice<UInt8>) throws(Failure) -> [YAMLNode] {
        guard !bytes.isEmpty else { return [] }
        let outcome: Result<[YAMLNode], Failure> = bytes.withUnsafeBufferPointer { buffer in
            var builder = TreeBuilder(
                input: buffer, limits: limits, lineShift: lineShift,
                maxNodes: 2 * buffer.count + limits.aliasSlack
            )
            do throws(Failure) {
                return .success(try builder.stream())
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Line and column (in Unicode scalars) of a byte offset.
    static func position(ofByteOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Position {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return Position(line: line, column: column)
    }
}

/// The event-driven builder behind `YAMLComposer`: one per document text.
private struct TreeBuilder {
    typealias Failure = YAMLComposer.Failure

    /// A composed node with what the limits need: its expanded node count and its height.
    struct Composed {
        var node: YAMLNode
        /// Nodes in the expanded tree (mapping keys are not counted, merge sources are).
        var count: Int
        /// Deepest level below this node (0 for a scalar).
        var height: Int
    }

    struct KeyIdentity: Hashable {
        var text: String
        var tag: String
        /// For ASCII text: its length, first and last byte (and a set top bit); 0 otherwise. Two
        /// ASCII keys are equal only if their bytes are, so a different summary settles most
        /// comparisons without comparing Strings (every key is compared with its mapping's others).
        var asciiSummary: UInt64 = 0

        static func == (lhs: KeyIdentity, rhs: KeyIdentity) -> Bool {
            if lhs.asciiSummary != rhs.asciiSummary, lhs.asciiSummary != 0, rhs.asciiSummary != 0 { return false }
            return lhs.text == rhs.text && lhs.tag == rhs.tag
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(text)
            hasher.combine(tag)
        }

        static func summary(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            guard let first = bytes.first, let last = bytes.last else { return 1 << 63 }
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            guard high < 0x80 else { return 0 }
            return 1 << 63 | UInt64(bytes.count) << 16 | UInt64(first) << 8 | UInt64(last)
        }
    }

    let input: UnsafeBufferPointer<UInt8>
    let parser: LibYAMLEventParser
    let limits: InputLimits
    let lineShift: Int
    let maxNodes: Int
    /// Nodes left before the document counts as an alias bomb (shared by all documents of the text).
    var budget: Int
    var anchors: [String: Composed] = [:]
    /// Scratch stacks shared by the mappings and sequences being composed (the innermost on top):
    /// a collection gathers its entries or items here and becomes one array of exactly its size
    /// when it ends, and duplicate keys are looked for among `keys` instead of a set per mapping.
    /// Before, every mapping allocated room for 8 entries and 8 keys and every sequence grew by
    /// doubling; with the 32-bit positions this took the application corpus' peak memory from
    /// 208 MB to 148 MB (bench/manifests/README.md, branch manifests3). Sized for a typical
    /// document's open collections, so they rarely grow.
    private let entryStack = ScratchStack<YAMLNode.Entry>(capacity: 64)
    private let itemStack = ScratchStack<YAMLNode>(capacity: 32)
    private let keys = ScratchStack<(identity: KeyIdentity, at: Position)>(capacity: 64)
    /// The first limit broken in the current document, in document order. Thrown when the document
    /// ends, so that libyaml's syntax errors and duplicate keys win over it, as they always did.
    var brokenLimit: Failure?

    init(input: UnsafeBufferPointer<UInt8>, limits: InputLimits, lineShift: Int, maxNodes: Int) {
        self.input = input
        self.parser = LibYAMLEventParser(input: input)
        self.limits = limits
        self.lineShift = lineShift
        self.maxNodes = maxNodes
        self.budget = maxNodes
    }

    private var bytes: Int { input.count }

    private static let strTag = "tag:yaml.org,2002:str"

    // MARK: Stream and documents

    mutating func stream() throws(Failure) -> [YAMLNode] {
        var roots: [YAMLNode] = []
        var event = try next()
        guard event.pointee.type == YAML_STREAM_START_EVENT else { return roots }
        event = try next()
        while event.pointee.type == YAML_DOCUMENT_START_EVENT {
            let root = try node(from: try next(), depth: 0)
            event = try next()
            guard event.pointee.type == YAML_DOCUMENT_END_EVENT else {
                throw .syntax(problem: "expected the end of the document", at: local(event.pointee.start_mark))
            }
            if let brokenLimit { throw brokenLimit }
            roots.append(root.node)
            event = try next()
        }
        return roots
    }

    private func next() throws(Failure) -> UnsafePointer<yaml_event_t> {
        do {
            return try parser.next()
        } catch {
            if let offset = error.byteOffset {
                throw .syntax(problem: error.problem, at: YAMLComposer.position(ofByteOffset: offset, in: input))
            }
            let context = error.context.flatMap { $0.text.isEmpty ? nil : $0 }
            throw .syntax(problem: error.problem, at: error.at, context: context)
        }
    }

    /// A libyaml mark as a position inside the document text (for failures).
    private func local(_ mark: yaml_mark_t) -> Position {
        LibYAMLEventParser.position(mark)
    }

    /// A libyaml mark as a position in the file (for nodes).
    private func shifted(_ mark: yaml_mark_t) -> Position {
        Position(line: mark.line + 1 + lineShift, column: mark.column + 1)
    }

    // MARK: Nodes

    /// Composes the node that starts with `event`.
    private mutating func node(from event: UnsafePointer<yaml_event_t>, depth: Int) throws(Failure) -> Composed {
        let start = event.pointee.start_mark
        switch event.pointee.type {
        case YAML_SCALAR_EVENT:
            account(1, height: 0, depth: depth, at: start)
            let composed = scalar(event, asKey: false)
            register(event.pointee.data.scalar.anchor, composed)
            return composed
        case YAML_SEQUENCE_START_EVENT:
            account(1, height: 0, depth: depth, at: start)
            let anchor = event.pointee.data.sequence_start.anchor.map { String(cString: $0) }
            let composed = try sequence(at: start, depth: depth)
            if let anchor { anchors[anchor] = composed }
            return composed
        case YAML_MAPPING_START_EVENT:
            account(1, height: 0, depth: depth, at: start)
            let anchor = event.pointee.data.mapping_start.anchor.map { String(cString: $0) }
            let composed = try mapping(at: start, depth: depth)
            if let anchor { anchors[anchor] = composed }
            return composed
        case YAML_ALIAS_EVENT:
            let name = event.pointee.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let target = anchors[name] else {
                throw .syntax(problem: "found undefined alias", at: local(start))
            }
            account(target.count, height: target.height, depth: depth, at: start, expanding: target.node)
            return target
        default:
            throw .syntax(problem: "unexpected YAML event", at: local(start))
        }
    }

    private mutating func register(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ composed: Composed) {
        guard let anchor else { return }
        anchors[String(cString: anchor)] = composed
    }

    private mutating func sequence(at start: yaml_mark_t, depth: Int) throws(Failure) -> Composed {
        let base = itemStack.count
        var count = 1
        var height = 0
        var event = try next()
        while event.pointee.type != YAML_SEQUENCE_END_EVENT {
            let item = try node(from: event, depth: depth + 1)
            itemStack.append(item.node)
            count += item.count
            height = max(height, item.height + 1)
            event = try next()
        }
        let items = itemStack.popArray(from: base)
        return Composed(node: YAMLNode(.sequence(items), at: shifted(start)), count: count, height: height)
    }

    private mutating func mapping(at start: yaml_mark_t, depth: Int) throws(Failure) -> Composed {
        let base = entryStack.count
        let keyBase = keys.count
        var merged: [YAMLNode.Entry] = []
        var count = 1
        var height = 0
        // Keys seen, with where: a duplicate is reported when the mapping ends (inner mappings first).
        // A linear scan of this mapping's keys while it is small (most mappings), a dictionary when large.
        var largeKeys: [KeyIdentity: Position]?
        var duplicates: [(key: String, first: Position, again: Position)] = []
        var event = try next()
        while event.pointee.type != YAML_MAPPING_END_EVENT {
            let keyStart = event.pointee.start_mark
            // Text and resolved tag of a scalar key; a key is made a node only when anchored.
            let identity: KeyIdentity?
            let isMergeKey: Bool
            switch event.pointee.type {
            case YAML_SCALAR_EVENT:
                identity = keyIdentity(event)
                if let anchor = event.pointee.data.scalar.anchor { register(anchor, scalar(event, asKey: true)) }
                let data = event.pointee.data.scalar
                isMergeKey = data.style == YAML_PLAIN_SCALAR_STYLE && data.length == 2
                    && data.value?[0] == UInt8(ascii: "<") && data.value?[1] == UInt8(ascii: "<")
            case YAML_ALIAS_EVENT:
                // Kubernetes manifests never use one; refusing it keeps key comparison cheap.
                throw .aliasAsKey(at: local(keyStart))
            default:
                // A complex key (`? [a, b]`): composed for its syntax, not kept as a key.
                _ = try node(from: event, depth: depth + 1)
                identity = nil
                isMergeKey = false
            }
            let keyText = identity?.text ?? "<complex key>"
            if let identity {
                let keyPosition = LibYAMLEventParser.position(keyStart)
                if let first = insertKey(identity, at: keyPosition, from: keyBase, large: &largeKeys),
                   !duplicates.contains(where: { $0.key == identity.text }) {
                    duplicates.append((identity.text, first, keyPosition))
                }
            }
            let value = try node(from: try next(), depth: depth + 1)
            count += value.count
            height = max(height, value.height + 1)
            if isMergeKey {
                // Merge key: entries of the referenced mapping(s) count unless the mapping sets them itself.
                let sources = value.node.items ?? [value.node]
                for source in sources { merged.append(contentsOf: source.entries ?? []) }
            } else {
                entryStack.append(YAMLNode.Entry(key: keyText, keyPosition: shifted(keyStart), value: value.node))
            }
            event = try next()
        }
        keys.removeAll(from: keyBase)
        if let duplicate = duplicates.min(by: { $0.key < $1.key }) {
            throw .duplicateKey(key: duplicate.key, at: duplicate.again, first: duplicate.first)
        }
        var entries = entryStack.popArray(from: base)
        if !merged.isEmpty {
            var present = Set(entries.map(\.key))
            for entry in merged where !present.contains(entry.key) {
                entries.append(entry)
                present.insert(entry.key)
            }
        }
        return Composed(node: YAMLNode(.mapping(entries), at: shifted(start)), count: count, height: height)
    }

    /// Adds a key of the mapping whose keys start at `keys[base]`; returns where it was first seen
    /// if the mapping already has it. Past 16 keys the mapping's keys move into `large`.
    private mutating func insertKey(_ key: KeyIdentity, at position: Position, from base: Int, large: inout [KeyIdentity: Position]?) -> Position? {
        if large != nil {
            if let first = large?[key] { return first }
            large?[key] = position
            return nil
        }
        for index in base..<keys.count where keys[index].identity == key { return keys[index].at }
        keys.append((key, position))
        if keys.count - base > 16 {
            var dictionary: [KeyIdentity: Position] = [:]
            for index in base..<keys.count { dictionary[keys[index].identity] = keys[index].at }
            large = dictionary
        }
        return nil
    }

    /// A scalar event as a node: text and resolved kind (a key's kind only when anchored: an alias can reuse it).
    private func scalar(_ event: UnsafePointer<yaml_event_t>, asKey: Bool) -> Composed {
        let data = event.pointee.data.scalar
        let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
        let kind: Scalar.Kind
        if data.quoted_implicit != 0 {
            kind = .string
        } else if let explicit = data.tag {
            kind = Self.kind(ofTag: String(cString: explicit), text: text, plain: data.style == YAML_PLAIN_SCALAR_STYLE || data.style == YAML_ANY_SCALAR_STYLE)
        } else {
            // The usual case: no tag at all. A key's kind is never read unless an alias can reuse it.
            let plain = data.style == YAML_PLAIN_SCALAR_STYLE || data.style == YAML_ANY_SCALAR_STYLE
            kind = plain && (!asKey || data.anchor != nil) ? ScalarResolver.resolvePlain(text) : .string
        }
        let node = YAMLNode(.scalar(Scalar(text: text, kind: kind, style: Self.style(data.style))), at: shifted(event.pointee.start_mark))
        return Composed(node: node, count: 1, height: 0)
    }

    /// What makes two scalar keys the same key: text and resolved tag.
    private func keyIdentity(_ event: UnsafePointer<yaml_event_t>) -> KeyIdentity {
        let data = event.pointee.data.scalar
        let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
        let tag: String
        if data.quoted_implicit != 0 {
            tag = Self.strTag
        } else if let explicit = data.tag {
            tag = String(cString: explicit)
        } else {
            tag = ""
        }
        return KeyIdentity(
            text: text, tag: tag.isEmpty ? Self.strTag : tag,
            asciiSummary: data.value.map { KeyIdentity.summary(of: UnsafeBufferPointer(start: $0, count: data.length)) } ?? 1 << 63
        )
    }

    private static func style(_ style: yaml_scalar_style_t) -> Scalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    /// The kind a tagged scalar has: the YAML core tags decide; a non-specific tag (`?`) resolves a
    /// plain scalar like an untagged one; any other tag (`!`, `!custom`) makes a string.
    private static func kind(ofTag tag: String, text: String, plain: Bool) -> Scalar.Kind {
        switch tag {
        case strTag: return .string
        case "tag:yaml.org,2002:int": return .integer
        case "tag:yaml.org,2002:float": return .float
        case "tag:yaml.org,2002:bool": return .boolean
        case "tag:yaml.org,2002:null": return .null
        case "", "?": return plain ? ScalarResolver.resolvePlain(text) : .string
        default: return .string
        }
    }

    // MARK: Limits

    /// Spends `count` nodes of the budget for a node at `depth` whose subtree is `height` deep.
    /// The first limit broken is remembered (and thrown at the end of the document); for an alias
    /// the expanded tree is walked to name the node where it happens.
    private mutating func account(_ count: Int, height: Int, depth: Int, at start: yaml_mark_t, expanding target: YAMLNode? = nil) {
        guard brokenLimit == nil else { return }
        let fits = budget - count >= 0 && depth + height <= limits.maxDepth
        guard !fits else {
            budget -= count
            return
        }
        guard let target else {
            // A single node: the budget is checked first, then the depth (document order).
            budget -= count
            if budget < 0 {
                brokenLimit = .tooManyNodes(limit: maxNodes, bytes: bytes, at: local(start))
            } else {
                brokenLimit = .tooDeep(limit: limits.maxDepth, at: local(start))
            }
            return
        }
        brokenLimit = walk(target, depth: depth)
    }

    /// Spends the budget node by node over an expanded alias; the failure at the first node that breaks a limit.
    private mutating func walk(_ node: YAMLNode, depth: Int) -> Failure? {
        budget -= 1
        let at = Position(line: node.position.line - lineShift, column: node.position.column)
        if budget < 0 { return .tooManyNodes(limit: maxNodes, bytes: bytes, at: at) }
        if depth > limits.maxDepth { return .tooDeep(limit: limits.maxDepth, at: at) }
        switch node.content {
        case .scalar:
            return nil
        case let .sequence(items):
            for item in items {
                if let failure = walk(item, depth: depth + 1) { return failure }
            }
        case let .mapping(entries):
            for entry in entries {
                if let failure = walk(entry.value, depth: depth + 1) { return failure }
            }
        }
        return nil
    }
}
