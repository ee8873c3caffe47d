/// Splits a YAML stream into documents at `---` / `...` lines, so that a syntax error in one
/// document does not stop the others (libyaml cannot resume after an error).
public enum DocumentSplitter {
    public struct Chunk: Sendable {
        /// 1-based line in the file where the chunk starts.
        public var firstLine: Int
        /// The chunk's UTF-8 bytes: a slice of the file's bytes, not a copy.
        public var bytes: ArraySlice<UInt8>

        public init(firstLine: Int, bytes: ArraySlice<UInt8>) {
            self.firstLine = firstLine
            self.bytes = bytes
        }

        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Splits `text`. A line starting with `---` (followed by whitespace or end of line) starts a new chunk
    /// and stays in it (`--- {a: 1}` is legal); a `...` line ends a document.
    public static func split(_ text: String) -> [Chunk] {
        split(bytes: Array(text.utf8))
    }

    /// Splits UTF-8 `bytes` (see `split(_:)`); the chunks share `bytes`' storage.
    public static func split(bytes: [UInt8]) -> [Chunk] {
        var chunks: [Chunk] = []
        var chunkStart = 0
        var chunkFirstLine = 1
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            func isMarker(at start: Int, _ marker: UInt8) -> Bool {
                guard start + 2 < count, buffer[start] == marker, buffer[start + 1] == marker, buffer[start + 2] == marker else { return false }
                let next = start + 3
                return next == count || buffer[next] == 0x20 || buffer[next] == 0x09 || buffer[next] == 0x0A || buffer[next] == 0x0D
            }
            func emit(upTo end: Int) {
                if end > chunkStart {
                    chunks.append(Chunk(firstLine: chunkFirstLine, bytes: bytes[chunkStart..<end]))
                }
            }
            var line = 1
            var lineStart = 0
            while lineStart < count {
                let first = buffer[lineStart]
                if first == UInt8(ascii: "-"), isMarker(at: lineStart, first) {
                    emit(upTo: lineStart)
                    chunkStart = lineStart
                    chunkFirstLine = line
                }
                let nextLineStart = (ByteSearch.index(of: 0x0A, in: buffer, from: lineStart) ?? count) + 1
                if first == UInt8(ascii: "."), isMarker(at: lineStart, first) {
                    emit(upTo: min(nextLineStart, count))
                    chunkStart = min(nextLineStart, count)
                    chunkFirstLine = line + 1
                }
                lineStart = nextLineStart
                line += 1
            }
            emit(upTo: count)
        }
        return chunks
    }
}
