import Yams

/// Helpers over Yams nodes that keep the place of every value.
extension Node {
    var position: FilePosition {
        if let m = mark { return FilePosition(line: m.line, column: m.column) }
        return FilePosition(line: 1, column: 1)
    }

    /// Mapping pairs in document order with their keys as strings.
    var orderedPairs: [(key: String, keyNode: Node, value: Node)]? {
        guard let m = mapping else { return nil }
        return m.map { ($0.key.string ?? "", $0.key, $0.value) }
    }

    var isNull: Bool {
        if case .scalar(let s) = self { return s.tag == Tag(.null) || (s.style == .plain && (s.string == "" || s.string == "~" || s.string == "null")) }
        return false
    }

    var kindName: String {
        switch self {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .alias: return "an alias"
        }
    }
}

/// The text of a source file split into lines, for showing the line a finding points at.
public struct SourceLines: Sendable {
    public let lines: [Substring]
    public init(_ text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }
    public subscript(line: Int) -> String? {
        guard line >= 1, line <= lines.count else { return nil }
        return String(lines[line - 1]).replacingCRLF()
    }
}

extension String {
    func replacingCRLF() -> String { hasSuffix("\r") ? String(dropLast()) : self }
}
