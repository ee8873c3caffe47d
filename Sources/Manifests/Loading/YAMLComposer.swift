import Yams

/// Turns one YAML document into a `YAMLNode` tree with positions, under `InputLimits`.
///
/// Yams (libyaml) parses; this type converts Yams' nodes, resolves scalars the Kubernetes way,
/// applies merge keys (`<<: *defaults`), and enforces depth and alias-expansion limits.
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
        if let position = Self.aliasUsedAsKey(in: text) { throw .aliasAsKey(at: position) }
        let maxNodes = 2 * text.utf8.count + limits.aliasSlack
        var roots: [YAMLNode] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            var budget = maxNodes
            while let root = try parser.nextRoot() {
                roots.append(try convert(root, depth: 0, budget: &budget, maxNodes: maxNodes, bytes: text.utf8.count))
            }
        } catch let failure as Failure {
            throw failure
        } catch let error as YamlError {
            throw Self.failure(from: error, text: text)
        } catch {
            throw .syntax(problem: "\(error)", at: .start)
        }
        return roots
    }

    private func convert(_ node: Node, depth: Int, budget: inout Int, maxNodes: Int, bytes: Int) throws -> YAMLNode {
        let local = node.mark.map { Position(line: $0.line, column: $0.column) } ?? .start
        let position = Position(line: local.line + lineShift, column: local.column)
        budget -= 1
        if budget < 0 { throw Failure.tooManyNodes(limit: maxNodes, bytes: bytes, at: local) }
        if depth > limits.maxDepth { throw Failure.tooDeep(limit: limits.maxDepth, at: local) }
        switch node {
        case let .scalar(scalar):
            return YAMLNode(.scalar(Self.resolve(scalar)), at: position)
        case let .sequence(sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                items.append(try convert(item, depth: depth + 1, budget: &budget, maxNodes: maxNodes, bytes: bytes))
            }
            return YAMLNode(.sequence(items), at: position)
        case let .mapping(mapping):
            var entries: [YAMLNode.Entry] = []
            entries.reserveCapacity(mapping.count)
            var merged: [YAMLNode.Entry] = []
            for (key, value) in mapping {
                let keyPosition = key.mark.map { Position(line: $0.line + lineShift, column: $0.column) } ?? position
                let keyText = key.scalar?.string ?? "<complex key>"
                let converted = try convert(value, depth: depth + 1, budget: &budget, maxNodes: maxNodes, bytes: bytes)
                if keyText == "<<", key.scalar?.style == .plain {
                    // Merge key: entries of the referenced mapping(s) count unless the mapping sets them itself.
                    let sources = converted.items ?? [converted]
                    for source in sources { merged.append(contentsOf: source.entries ?? []) }
                    continue
                }
                entries.append(YAMLNode.Entry(key: keyText, keyPosition: keyPosition, value: converted))
            }
            if !merged.isEmpty {
                var present = Set(entries.map(\.key))
                for entry in merged where !present.contains(entry.key) {
                    entries.append(entry)
                    present.insert(entry.key)
                }
            }
            return YAMLNode(.mapping(entries), at: position)
        case .alias:
            // Yams' parser resolves aliases to the anchored node; this case is only produced by its encoder.
            return YAMLNode(.scalar(Scalar(text: "", kind: .null)), at: position)
        }
    }

    private static func resolve(_ scalar: Node.Scalar) -> Scalar {
        let tag = scalar.tag.description
        switch tag {
        case "tag:yaml.org,2002:str": return Scalar(text: scalar.string, kind: .string)
        case "tag:yaml.org,2002:int": return Scalar(text: scalar.string, kind: .integer)
        case "tag:yaml.org,2002:float": return Scalar(text: scalar.string, kind: .float)
        case "tag:yaml.org,2002:bool": return Scalar(text: scalar.string, kind: .boolean)
        case "tag:yaml.org,2002:null": return Scalar(text: scalar.string, kind: .null)
        default: break
        }
        guard scalar.style == .plain || scalar.style == .any, tag.isEmpty || tag == "?" else {
            return Scalar(text: scalar.string, kind: .string)
        }
        return Scalar(text: scalar.string, kind: ScalarResolver.resolvePlain(scalar.string))
    }

    private static func failure(from error: YamlError, text: String) -> Failure {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let where_ = context.flatMap { $0.text.isEmpty ? nil : (text: $0.text, at: Position(line: $0.mark.line, column: $0.mark.column)) }
            return .syntax(problem: problem, at: Position(line: mark.line, column: mark.column), context: where_)
        case let .reader(problem, offset, _, _):
            let position = offset.map { Self.position(ofByteOffset: $0, in: text) } ?? .start
            return .syntax(problem: problem, at: position)
        case let .duplicatedKeysInMapping(duplicates, context):
            let first = Position(line: context.mark.line, column: context.mark.column)
            let key = duplicates.first ?? ""
            return .duplicateKey(key: key, at: Self.repeatPosition(of: key, after: first, in: text) ?? first, first: first)
        case .memory:
            return .syntax(problem: "libyaml ran out of memory", at: .start)
        default:
            return .syntax(problem: "\(error)", at: .start)
        }
    }

    /// Where `key` is written again after its first occurrence at `first` (same column, a later line,
    /// or later on the same line for flow mappings).
    static func repeatPosition(of key: String, after first: Position, in text: String) -> Position? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let candidates = [key + ":", "\"" + key + "\":", "'" + key + "':", key + " :"]
        for lineIndex in (first.line - 1)..<lines.count {
            let line = Array(lines[lineIndex].unicodeScalars)
            if lineIndex == first.line - 1 {
                // Flow style on the same line: `{a: 1, a: 2}`.
                let after = String(String.UnicodeScalarView(line.dropFirst(first.column)))
                for candidate in candidates {
                    if let range = after.range(of: candidate) {
                        let offset = after.unicodeScalars.distance(from: after.unicodeScalars.startIndex, to: range.lowerBound)
                        return Position(line: first.line, column: first.column + 1 + offset)
                    }
                }
                continue
            }
            guard line.count >= first.column else { continue }
            let prefix = line[0..<(first.column - 1)]
            guard prefix.allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(String.UnicodeScalarView(line[(first.column - 1)...]))
            if candidates.contains(where: { rest.hasPrefix($0) }) {
                return Position(line: lineIndex + 1, column: first.column)
            }
        }
        return nil
    }

    static func position(ofByteOffset offset: Int, in text: String) -> Position {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return Position(line: line, column: column)
    }

    /// An alias in key position (`*a: x`, `? *a`) can make libyaml-level key hashing expand an alias bomb;
    /// Kubernetes manifests never need it, so such documents are refused up front.
    static func aliasUsedAsKey(in text: String) -> Position? {
        // An alias needs an anchor; most manifests have neither (but many have `*` in cron schedules).
        guard text.utf8.contains(UInt8(ascii: "&")), text.utf8.contains(UInt8(ascii: "*")) else { return nil }
        var line = 1
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { line += 1 }
            guard rawLine.contains("*") else { continue }
            let scalars = Array(rawLine.unicodeScalars)
            var index = 0
            while index < scalars.count {
                if scalars[index] == "*" {
                    let before = index == 0 ? " " : scalars[index - 1]
                    let startsToken = before == " " || before == "{" || before == "," || before == "[" || before == "\t"
                    var end = index + 1
                    while end < scalars.count, !" \t,[]{}:".unicodeScalars.contains(scalars[end]) { end += 1 }
                    var look = end
                    while look < scalars.count, scalars[look] == " " { look += 1 }
                    var back = index - 1
                    while back >= 0, scalars[back] == " " { back -= 1 }
                    let questionBefore = back >= 0 && scalars[back] == "?"
                    if startsToken, end > index + 1, (look < scalars.count && scalars[look] == ":") || questionBefore {
                        return Position(line: line, column: index + 1)
                    }
                    index = end
                } else {
                    index += 1
                }
            }
        }
        return nil
    }
}
