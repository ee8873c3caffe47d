import Testing
@testable import Quota

/// The figures a person reads in `opsctl quota` and `--compare-google`.
@Suite struct NumberTests {
    @Test func percentKeepsTheSignOfNegativeRatios() {
        #expect(Number.percent(0.4567) == "45.7%")
        #expect(Number.percent(1.468) == "146.8%")
        #expect(Number.percent(0) == "0.0%")
        #expect(Number.percent(-0.015) == "-1.5%")
        #expect(Number.percent(-0.185) == "-18.5%")
        #expect(Number.percent(-0.0001) == "0.0%")
        #expect(Number.percent(.infinity) == "-")
    }

    @Test func driftPercentIsSigned() {
        #expect(DriftTableFormatter.percent(0.185) == "+18.5%")
        #expect(DriftTableFormatter.percent(-0.185) == "-18.5%")
        #expect(DriftTableFormatter.percent(0) == "0.0%")
        #expect(DriftTableFormatter.percent(0.05, sign: false) == "5.0%")
        #expect(DriftTableFormatter.percent(nil) == "n/a")
    }

    @Test func groupedDigits() {
        #expect(Number.grouped(1_234_567) == "1,234,567")
        #expect(Number.grouped(-2_324) == "-2,324")
        #expect(Number.grouped(999) == "999")
    }
}
