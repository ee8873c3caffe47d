import Foundation
import OpsCore
import Testing

/// HeapTrim gives freed C heap memory back: 40 MB freed below a block still in use stays
/// resident until the trim.
@Suite(.serialized) struct HeapTrimTests {
    func residentAnonKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") } ?? ""
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? -1
    }

    @Test func freedHeapGoesBackToTheKernel() throws {
        let blocks = (0..<80_000).map { _ -> UnsafeMutableRawPointer? in
            let block = malloc(512)
            if let block { memset(block, 1, 512) }   // touched: resident
            return block
        }
        let sentinel = malloc(512)   // in use above the freed blocks: malloc cannot shrink its top by itself
        defer { free(sentinel) }
        for block in blocks { free(block) }
        let before = residentAnonKiB()
        #expect(HeapTrim.run())
        let after = residentAnonKiB()
        #expect(before - after > 20_000, "RssAnon \(before) KiB before the trim, \(after) KiB after")
    }
}
