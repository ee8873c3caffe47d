import Foundation

/// A process's file-backed resident memory (`RssFile` of /proc/PID/status) in KiB: the pages of
/// its binary and libraries that are mapped. `pid` nil: this test process. Nil without /proc.
public func residentFileKiB(pid: pid_t? = nil) -> Int? {
    let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("RssFile:") {
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
    return nil
}
