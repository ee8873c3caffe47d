import Foundation

/// Reads Linux /proc files with plain system calls.
///
/// Foundation's file reading trusts the size `stat` reports, which is 0 for /proc files, so it
/// can stop after the first few kilobytes (of smaps, say). It also keeps Foundation's file
/// layer on the path of every scrape, which is resident code a sidecar need not carry.
enum ProcFile {
    /// The whole file, or nil if it cannot be opened or read.
    static func read(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += chunk[0..<count]
            } else if count == 0 {
                return String(decoding: bytes, as: UTF8.self)
            } else if errno != EINTR {
                return nil
            }
        }
    }

    /// How many entries a directory has (without "." and ".."), or nil if it cannot be read.
    static func entryCount(_ path: String) -> Int? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDot { count += 1 }
        }
        return count
    }
}
