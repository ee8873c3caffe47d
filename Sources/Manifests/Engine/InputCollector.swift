import Foundation
#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// One thing to read: a file, or standard input (`-`).
public struct InputSource: Sendable, Hashable {
    /// The name findings carry: the path as given or found under a folder, `-` for stdin.
    public var name: String
    public var isStandardInput: Bool { name == "-" }
}

/// Turns the command line's paths into input sources: files as given (any extension), folders
/// recursively (`*.yaml`, `*.yml`, `*.json`, sorted), `-` for standard input; `skipPaths` globs
/// (fnmatch, `*` crosses `/`) remove matches. Paths that do not exist are errors (exit 2).
public enum InputCollector {
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    public static func collect(paths: [String], skip: [String] = []) -> (sources: [InputSource], errors: [String]) {
        var sources: [InputSource] = []
        var errors: [String] = []
        var seen = Set<String>()
        func add(_ name: String) {
            guard !isSkipped(name, by: skip), seen.insert(name).inserted else { return }
            sources.append(InputSource(name: name))
        }
        for path in paths {
            if path == "-" { add("-"); continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append("\(path): no such file or directory")
                continue
            }
            guard isDirectory.boolValue else { add(path); continue }
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                errors.append("\(path): cannot list the folder")
                continue
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let ext = (relative as NSString).pathExtension.lowercased()
                guard extensions.contains(ext) else { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { found.append(full) }
            }
            for file in found.sorted() { add(file) }
        }
        return (sources, errors)
    }

    public static func isSkipped(_ path: String, by patterns: [String]) -> Bool {
        let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return patterns.contains { pattern in
            fnmatch(pattern, trimmed, 0) == 0 || fnmatch(pattern, path, 0) == 0
        }
    }

    /// Reads a source's bytes, at most `limit + 1` (enough to tell that it is too big).
    public static func read(_ source: InputSource, limit: Int) -> Result<[UInt8], ReadError> {
        guard source.isStandardInput else { return readFile(source.name, limit: limit) }
        let handle = FileHandle.standardInput
        var bytes: [UInt8] = []
        do {
            while bytes.count <= limit {
                guard let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - bytes.count)), !chunk.isEmpty else { break }
                bytes.append(contentsOf: chunk)
            }
        } catch {
            return .failure(ReadError(name: source.name, reason: "\(error.localizedDescription)"))
        }
        return .success(bytes)
    }

    /// A file read with `open`/`read` straight into its array, sized by `fstat`. `FileHandle` took a
    /// fresh 1 MiB buffer for every read (mapped and unmapped again, page faults included): 3% of
    /// the CPU time of the application corpus' 1,437 files (bench/manifests/README.md, branch manifests3).
    private static func readFile(_ path: String, limit: Int) -> Result<[UInt8], ReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(ReadError(name: path, reason: "cannot open for reading")) }
        defer { close(descriptor) }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        let wanted = limit + 1 // one byte past the limit tells that the file is too big
        var bytes = [UInt8](repeating: 0, count: min(max(size + 1, 4096), wanted))
        var count = 0
        while count < wanted {
            if count == bytes.count { bytes += repeatElement(0, count: min(bytes.count, wanted - bytes.count)) }
            let read = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if read < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(name: path, reason: String(cString: strerror(errno))))
            }
            if read == 0 { break }
            count += read
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }

    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var name: String
        public var reason: String
        public var description: String { "\(name): \(reason)" }
    }
}
