import Foundation
import Logging
@testable import Prober
import Testing

/// A probe's log lines are built only when read, and written as before when they are.
@Suite struct ProbeLogTests {
    @Test func keptLinesCarryTheirOffsetInOrder() {
        let log = ProbeLog()
        log.add("GET http://127.0.0.1/health")
        log.add("HTTP/1.1 200")
        let lines = log.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("s  GET http://127.0.0.1/health") && lines[0].hasPrefix("   0.0"), "\(lines)")
        #expect(lines[1].hasSuffix("s  HTTP/1.1 200"), "\(lines)")
    }

    @Test func aLogNobodyReadsDoesNotBuildItsLines() {
        var built = 0
        func line() -> String { built += 1; return "built" }
        var quiet = Logger(label: "test")
        quiet.logLevel = .warning
        let unread = ProbeLog(logger: quiet, keepsLines: false)
        unread.add(line())
        #expect(built == 0)
        #expect(unread.text == "\n")

        var verbose = Logger(label: "test")
        verbose.logLevel = .debug
        ProbeLog(logger: verbose, keepsLines: false).add(line())
        ProbeLog(keepsLines: true).add(line())
        #expect(built == 2)
    }
}
