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

/// The lines of a source file, for showing the line a finding points at and for mapping a place
/// inside a block scalar to the file. Asked only for findings, so a caller that already holds the
/// file (check-manifests) passes a lookup instead of having the text split again.
public struct SourceLines: Sendable {
    private let lookup: @Sendable (Int) -> String?

    /// The lines of `text`.
    public init(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lookup = { line in
            guard line >= 1, line <= lines.count else { return nil }
            return String(lines[line - 1]).replacingCRLF()
        }
    }

    /// Lines from `line(n)`: the 1-based line `n` without its line break, nil past the end.
    public init(line: @escaping @Sendable (Int) -> String?) {
        lookup = line
    }

    public subscript(line: Int) -> String? { lookup(line) }
}

extension String {
    func replacingCRLF() -> String { hasSuffix("\r") ? String(dropLast()) : self }
}
