import Foundation

/// Gives back to the kernel the file-backed pages that a long-running server touched only while
/// starting.
///
/// A process's resident set keeps every page of its executable and shared libraries that it has
/// ever touched, and Linux maps them in 64 kB windows around each fault. Start-up runs a lot of
/// code once (argument parsing, configuration, the Swift and Foundation run-time set-up, the
/// dynamic loader, libpq's first connection with its TLS and Kerberos set-up) and then never
/// again. `release()` drops those pages from the process; the ones the server goes on using are
/// mapped again from the file at their next use, so what stays resident is the steady-state
/// working set.
///
/// Nothing can be lost, because only two kinds of mapping are touched, both private and backed
/// by a file:
/// - read-only ones holding no anonymous (copied-on-write) page, with `MADV_DONTNEED`: their
///   pages are the file's, so dropping them is the same as the kernel reclaiming them;
/// - writable ones (a binary's data segment), with `MADV_PAGEOUT` (Linux 5.4+): a request to
///   reclaim, which the kernel carries out with its own locking. Pages still equal to the file
///   are dropped; a page the process wrote is kept (or, with swap, swapped out), never discarded.
public enum StartupPages {
    /// What one `release()` did.
    public struct Release: Sendable, Equatable {
        /// Mappings released.
        public var mappings: Int
        /// Resident bytes those mappings held just before.
        public var residentBytes: Int
    }

    /// How a mapping is released.
    enum Advice: Equatable {
        case dontNeed
        case pageOut

        var flag: Int32 {
            switch self {
            case .dontNeed: return Int32(MADV_DONTNEED)
            case .pageOut: return Int32(MADV_PAGEOUT)
            }
        }
    }

    /// One mapping of /proc/self/smaps that `release()` may release.
    struct Mapping: Equatable {
        var start: UInt
        var end: UInt
        var residentBytes: Int
        var advice: Advice
    }

    /// Releases the eligible mappings of this process. Returns nil where /proc is missing.
    @discardableResult
    public static func release() -> Release? {
        guard let smaps = ProcFile.read("/proc/self/smaps") else { return nil }
        var done = Release(mappings: 0, residentBytes: 0)
        for mapping in eligibleMappings(smaps: smaps) {
            guard let address = UnsafeMutableRawPointer(bitPattern: mapping.start) else { continue }
            // An error (EINVAL from a kernel without MADV_PAGEOUT, a locked mapping) leaves the
            // mapping as it was.
            if madvise(address, Int(mapping.end - mapping.start), mapping.advice.flag) == 0 {
                done.mappings += 1
                done.residentBytes += mapping.residentBytes
            }
        }
        return done
    }

    /// The mappings of an smaps text that can be released without losing data, with how:
    /// private (`p`), backed by a file (a path and an inode), some of it resident; read-only
    /// ones only if they hold no anonymous page.
    static func eligibleMappings(smaps: String) -> [Mapping] {
        var found: [Mapping] = []
        var current: Mapping?
        var residentBytes = 0
        func finish() {
            if var mapping = current, residentBytes > 0 {
                mapping.residentBytes = residentBytes
                found.append(mapping)
            }
            current = nil
            residentBytes = 0
        }
        for line in smaps.split(separator: "\n", omittingEmptySubsequences: true) {
            if case .header(let mapping) = classify(line) {
                finish()
                current = mapping
            } else if line.hasPrefix("Rss:") {
                residentBytes = kilobytes(line) * 1024
            } else if line.hasPrefix("Anonymous:"), kilobytes(line) != 0, current?.advice == .dontNeed {
                current = nil
            }
        }
        finish()
        return found
    }

    /// A line of smaps: a mapping's header ("start-end perms offset dev inode path") with the
    /// mapping, nil if it must be left alone; or one of the field lines ("Rss:   12 kB") after it.
    private enum Line {
        case header(Mapping?)
        case field
    }

    private static func classify(_ line: Substring) -> Line {
        let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count >= 5 else { return .field }
        let range = fields[0].split(separator: "-")
        guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16) else {
            return .field
        }
        let perms = Array(fields[1].utf8)
        let path = fields.count == 6 ? fields[5].drop { $0 == " " } : ""
        guard perms.count == 4, perms[3] == UInt8(ascii: "p"), fields[4] != "0", path.hasPrefix("/"), end > start else {
            return .header(nil)
        }
        let advice: Advice = perms[1] == UInt8(ascii: "w") ? .pageOut : .dontNeed
        return .header(Mapping(start: start, end: end, residentBytes: 0, advice: advice))
    }

    private static func kilobytes(_ line: Substring) -> Int {
        line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    }
}
