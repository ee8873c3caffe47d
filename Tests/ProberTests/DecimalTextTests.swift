import Foundation
@testable import Prober
import Testing

/// Result messages write seconds with three decimals as printf's %.3f does.
@Suite struct DecimalTextTests {
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
