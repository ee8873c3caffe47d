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

    @Test func fixedDecimalsMatchPrintf() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, 0.0004, 0.0006, 0.001, 0.0123, 0.9999, 0.99951, 1, 2.5, 59.9996, 123.4567, -0.0004, -1.25, 86_400.123]
        for _ in 0..<2000 { values.append(Double.random(in: 0..<120, using: &generator)) }
        for value in values {
            // Values a hair from a rounding half may round either way in binary; not what a message cares about.
            let scaled = abs(value) * 1000
            if abs(scaled - scaled.rounded(.down) - 0.5) < 1e-6 { continue }
            #expect(DecimalText.fixed(value) == String(format: "%.3f", value), "\(value)")
        }
        #expect(DecimalText.fixed(3.7, digits: 0) == "4" && DecimalText.fixed(-0.0) == "-0.000")
        #expect(DecimalText.fixed(.infinity) == String(format: "%.3f", Double.infinity))
    }
}
