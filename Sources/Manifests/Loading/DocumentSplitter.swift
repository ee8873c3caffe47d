/// Splits a YAML stream into documents at `---` / `...` lines, so that a syntax error in one
/// document does not stop the others (libyaml cannot resume after an error).
public enum DocumentSplitter {
    public struct Chunk: Sendable {
        /// 1-based line in the file where the chunk starts.
        public var firstLine: Int
        public var text: String
    }

    /// Splits `text`. A line starting with `---` (followed by whitespace or end of line) starts a new chunk
    /// and stays in it (`--- {a: 1}` is legal); a `...` line ends a document.
    public static func split(_ text: String) -> [Chunk] {
        var chunks: [Chunk] = []
        let bytes = Array(text.utf8)
        var chunkStart = 0
        var chunkFirstLine = 1
        var line = 1
        var lineStart = 0
        var index = 0

        func isMarker(at start: Int, _ marker: UInt8) -> Bool {
            guard start + 2 < bytes.count, bytes[start] == marker, bytes[start + 1] == marker, bytes[start + 2] == marker else { return false }
            let next = start + 3
            return next == bytes.count || bytes[next] == 0x20 || bytes[next] == 0x09 || bytes[next] == 0x0A || bytes[next] == 0x0D
        }

        func emit(upTo end: Int) {
            if end > chunkStart {
                let slice = bytes[chunkStart..<end]
                chunks.append(Chunk(firstLine: chunkFirstLine, text: String(decoding: slice, as: UTF8.self)))
            }
        }

        while lineStart < bytes.count {
            if isMarker(at: lineStart, UInt8(ascii: "-")) {
                emit(upTo: lineStart)
                chunkStart = lineStart
                chunkFirstLine = line
            }
            index = lineStart
            while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            let nextLineStart = index + 1
            if isMarker(at: lineStart, UInt8(ascii: ".")) {
                emit(upTo: min(nextLineStart, bytes.count))
                chunkStart = min(nextLineStart, bytes.count)
                chunkFirstLine = line + 1
            }
            lineStart = nextLineStart
            line += 1
        }
        emit(upTo: bytes.count)
        return chunks
    }
}
