import PromQL

/// Maps a 1-based line:column inside a YAML string value (say, a PromQL error's place
/// inside `expr`) to the line:column in the YAML file. Handles plain, quoted,
/// literal (`|`) and folded (`>`) scalars, the last two by walking their content lines.
public enum ExpressionPosition {
    public static func map(_ inner: SourcePosition, in s: SourcedString, source: SourceLines) -> FilePosition {
        let inner = clampedToContent(inner, in: s.value)
        let start = s.position
        switch s.style {
        case .plain, .singleQuoted, .doubleQuoted:
            let quote = s.style == .plain ? 0 : 1
            if inner.line == 1 { return FilePosition(line: start.line, column: start.column + quote + inner.column - 1) }
            // Multi-line flow scalar: later lines are folded; follow the offset through the source.
            let offset = characterOffset(of: inner, in: s.value)
            return walk(offset: offset, firstLine: start.line, firstColumn: start.column + quote,
                        source: source, firstLineIsContent: true)
        case .literal:
            // The block's indentation is that of its first non-empty line: a later line indented
            // further keeps the extra spaces in the value (and so in `inner.column`).
            let contentLine = start.line + inner.line
            let indent = blockIndentation(from: start.line + 1, source: source) ?? indentation(of: source[contentLine] ?? "")
            return FilePosition(line: contentLine, column: indent - 1 + inner.column)
        case .folded:
            let offset = characterOffset(of: inner, in: s.value)
            return walk(offset: offset, firstLine: start.line + 1, firstColumn: nil,
                        source: source, firstLineIsContent: false)
        }
    }

    /// A place past the value's last non-blank character (an "unexpected end of input" in an
    /// `expr: |` or `>` block, whose value ends with a newline) moves back to just after that
    /// character, so it lands at the end of the block's last line, not on the next key's line.
    static func clampedToContent(_ p: SourcePosition, in text: String) -> SourcePosition {
        var content = Substring(text)
        while let last = content.last, last.isWhitespace { content.removeLast() }
        guard characterOffset(of: p, in: text) > content.count else { return p }
        let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
        return SourcePosition(line: lines.count, column: (lines.last?.count ?? 0) + 1)
    }

    static func characterOffset(of p: SourcePosition, in text: String) -> Int {
        var line = 1, offset = 0
        for c in text {
            if line == p.line { break }
            offset += 1
            if c == "\n" { line += 1 }
        }
        return offset + max(0, p.column - 1)
    }

    /// The indentation (+1) of the first non-blank line at or after `line`, nil past the end.
    static func blockIndentation(from line: Int, source: SourceLines) -> Int? {
        var number = line
        while let text = source[number] {
            if text.contains(where: { $0 != " " }) { return indentation(of: text) }
            number += 1
        }
        return nil
    }

    static func indentation(of line: String) -> Int {
        line.prefix(while: { $0 == " " }).count + 1
    }

    /// Walks content lines, each contributing its trimmed text plus one separator.
    static func walk(offset: Int, firstLine: Int, firstColumn: Int?, source: SourceLines,
                     firstLineIsContent: Bool) -> FilePosition {
        var remaining = offset
        var line = firstLine
        var column = firstColumn ?? indentation(of: source[line] ?? "")
        while let text = source[line] {
            let length = max(0, text.count - (column - 1))
            if remaining <= length { return FilePosition(line: line, column: column + remaining) }
            remaining -= length + 1
            line += 1
            guard let next = source[line] else { break }
            column = indentation(of: next)
        }
        return FilePosition(line: firstLine, column: firstColumn ?? 1)
    }
}
