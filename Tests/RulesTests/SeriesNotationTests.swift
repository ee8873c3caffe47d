import Testing
import PromQL
@testable import Rules

@Suite struct SeriesNotationTests {
    @Test func expandingForms() throws {
        #expect(try SeriesNotation.expand("1+1x2") == [1, 2, 3])
        #expect(try SeriesNotation.expand("10-2x2") == [10, 8, 6])
        #expect(try SeriesNotation.expand("5x2") == [5, 5, 5])
        #expect(try SeriesNotation.expand("0 _ 2") == [0, nil, 2])
        #expect(try SeriesNotation.expand("_x3 1") == [nil, nil, nil, 1])
        #expect(try SeriesNotation.expand("1e3 -2.5 -1-1x1") == [1000, -2.5, -1, -2])
        #expect(try SeriesNotation.expand("1e-3+1e-3x1") == [0.001, 0.002])
    }

    @Test func staleIsTheStaleMarker() throws {
        let v = try SeriesNotation.expand("0 stale")
        #expect(v.count == 2)
        #expect(v[1].map(isStaleNaN) == true)
    }

    @Test func typosAreErrors() {
        #expect(throws: SeriesNotation.Invalid.self) { try SeriesNotation.expand("1+x3") }
        #expect(throws: SeriesNotation.Invalid.self) { try SeriesNotation.expand("abc") }
        #expect(throws: SeriesNotation.Invalid.self) { try SeriesNotation.expand("1+1") }
    }

    @Test func hugeExpansionIsRefusedQuickly() {
        #expect(throws: SeriesNotation.Invalid.self) { try SeriesNotation.expand("0+1x99999999999") }
        // A count of Int.max once overflowed the size check (a crash, not an error).
        #expect(throws: SeriesNotation.Invalid.self) { try SeriesNotation.expand("1x9223372036854775807") }
        #expect(throws: SeriesNotation.Invalid.self) { try SeriesNotation.expandValues("{{count:1}}x9223372036854775807") }
    }

    @Test func aRepetitionWithoutAValueIsAnError() {
        // The PromQL parser fuzzer's crash input (fuzz/promql-parser): `x1` has no value
        // before its `x`; the histogram notation read past the empty string.
        #expect(throws: SeriesNotation.Invalid.self) { try SeriesNotation.expandValues("{{count:1}} x1 1 831") }
        #expect(throws: SeriesNotation.Invalid.self) { try SeriesNotation.expand("x1") }
    }

    @Test func aMillionPointsExpand() throws {
        #expect(try SeriesNotation.expand("0+1x999999").count == 1_000_000)
    }
}
