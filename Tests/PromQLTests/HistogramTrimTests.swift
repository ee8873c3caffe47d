#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import PromQL

/// The trim operators `</` and `>/` on histograms whose results can be worked out by hand,
/// and on the operands they are not defined for. (Prometheus's scripts: ConformanceTests.)
@Suite struct HistogramTrimTests {
    func store(_ values: [String: String]) throws -> SeriesStore {
        let s = SeriesStore()
        for (name, text) in values {
            let v = try HistogramNotation.parseValues(text)
            switch v.first {
            case .float(let f)??: s.append(Labels(["__name__": name]), timestamp: 0, value: f)
            case .histogram(let h)??: s.append(Labels(["__name__": name]), timestamp: 0, histogram: h)
            default: break
            }
        }
        return s
    }

    func trimmed(_ q: String, _ s: SeriesStore, annotations: Annotations? = nil) throws -> [Sample] {
        guard case .vector(let v) = try Engine().instantQuery(try parse(q), at: 0, store: s, annotations: annotations) else { return [] }
        return v
    }

    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }

    // Schema 0: 2 observations in (0.5, 1], 4 in (1, 2].
    let exponential = ["h": "{{schema:0 count:6 sum:10 buckets:[2 4]}}"]

    @Test func onABucketBoundaryWholeBucketsStayOrGo() throws {
        let s = try store(exponential)
        let below = try #require(try trimmed("h </ 1", s).first?.histogram)
        #expect(below.count == 2 && below.positive.counts == [2])
        // The sum is re-estimated: every kept observation at its bucket's geometric middle.
        #expect(close(below.sum, 2 * 0.5.squareRoot()))
        let above = try #require(try trimmed("h >/ 1", s).first?.histogram)
        #expect(above.count == 4 && above.positive == HistogramBuckets(offset: 1, counts: [4]))
        #expect(close(above.sum, 4 * 2.0.squareRoot()))
    }

    @Test func insideABucketTheShareIsInterpolatedExponentially() throws {
        let s = try store(exponential)
        // √2 is half way through (1, 2] on a log scale: half of its 4 observations stay, at
        // the geometric middle of (1, √2], 2^(1/4).
        let h = try #require(try trimmed("h </ 1.4142135623730951", s).first?.histogram)
        #expect(close(h.count, 4))
        #expect(close(h.positive.counts[1], 2))
        #expect(close(h.sum, 2 * 0.5.squareRoot() + 2 * pow(2, 0.25)))
    }

    @Test func nothingTrimmedKeepsTheSampleAsItWas() throws {
        let s = try store(exponential)
        let h = try #require(try trimmed("h </ +Inf", s).first?.histogram)
        #expect(h.count == 6 && h.sum == 10)   // the recorded sum, not an estimate
        let none = try #require(try trimmed("h >/ 5", s).first?.histogram)
        #expect(none.count == 0 && none.sum == 0 && none.positive.isEmpty)
        // Comparison-like: the metric name stays.
        #expect(try trimmed("h </ 1", s).first?.labels.metricName == "h")
    }

    @Test func customBucketsInterpolateLinearlyAndTheLowestStartsAtZero() throws {
        // (-Inf, 10]: 2, (10, 20]: 4, (20, +Inf]: 4.
        let s = try store(["c": "{{schema:-53 custom_values:[10 20] count:10 sum:100 buckets:[2 4 4]}}"])
        let h = try #require(try trimmed("c </ 15", s).first?.histogram)
        // 2 at 10/2 = 5, half of (10, 20] (2) at 12.5; the +Inf bucket goes.
        #expect(h.count == 4 && h.sum == 35)
        #expect(h.positive.counts == [2, 2])
        // 25 is inside the +Inf bucket, whose spread is unknown: below it, the bucket goes
        // whole (2 at 5, 4 at 15 stay); above it, the bucket stays whole, at 25.
        let below = try #require(try trimmed("c </ 25", s).first?.histogram)
        #expect(below.count == 6 && below.sum == 70)
        let above = try #require(try trimmed("c >/ 25", s).first?.histogram)
        #expect(above.count == 4 && above.sum == 100)
    }

    @Test func floatsAreNotTrimmedAndSaySo() throws {
        let s = try store(["x": "3"])
        let a = Annotations()
        #expect(try trimmed("x </ 1", s, annotations: a).isEmpty)
        #expect(a.items.map(\.description) == ["PromQL info: incompatible sample types encountered for binary operator \"</\": float </ float (1:1)"])
        #expect(throws: EvaluationError.self) { try Engine().instantQuery(try parse("1 </ 2"), at: 0, store: s) }
        do { _ = try parse("x </ bool 1"); Issue.record("bool on a trim parsed") } catch {
            #expect(error.message.contains("bool modifier can only be used on comparison operators"))
        }
        // Binds like a comparison: the threshold may be arithmetic.
        guard case .binary(.trimUpper, _, .binary(.mul, _, _, _, _, _), _, _, _) = try parse("x </ 2 * 3") else {
            Issue.record("</ did not bind looser than *"); return
        }
    }
}
