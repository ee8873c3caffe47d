/// A file's UTF-8 text as read, kept for showing the offending line under a finding.
///
/// Holds the bytes (shared, not copied) and finds a line only when a reporter asks for it: most
/// runs print few lines of many files, and JSON output prints none.
public struct SourceText: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public static let empty = SourceText(bytes: [])

    /// Line `number` (1-based) without its line break (`\n` or `\r\n`), or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1 else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Substring? in
            var line = 1
            var start = 0
            while line < number {
                guard let newline = Self.index(of: 0x0A, in: buffer, from: start) else { return nil }
                start = newline + 1
                line += 1
            }
            guard start < buffer.count || (start == buffer.count && start > 0 && buffer[start - 1] == 0x0A) else {
                return start == 0 && number == 1 ? "" : nil
            }
            var end = Self.index(of: 0x0A, in: buffer, from: start) ?? buffer.count
            if end > start, buffer[end - 1] == 0x0D { end -= 1 }
            return Substring(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self))
        }
    }

    private static func index(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        ByteSearch.index(of: byte, in: buffer, from: start)
    }
}
