import Testing
@testable import PromQL

/// The native-histogram pieces on their own: the notation, bucket arithmetic and the
/// functions a rule author uses most. (Prometheus's own scripts run in ConformanceTests.)
@Suite struct NativeHistogramTests {
    func histogram(_ text: String) throws -> FloatHistogram { try HistogramNotation.parseHistogram(text) }

    @Test func notationFieldsAndExpansion() throws {
        let h = try histogram("{{schema:1 sum:-0.3 count:32.1 z_bucket:7.1 z_bucket_w:0.05 buckets:[5.1 10 7] offset:-3 n_buckets:[4.1 5] n_offset:-5 counter_reset_hint:gauge}}")
        #expect(h.schema == 1 && h.sum == -0.3 && h.count == 32.1 && h.zeroCount == 7.1 && h.zeroThreshold == 0.05)
        #expect(h.positive == HistogramBuckets(offset: -3, counts: [5.1, 10, 7]))
        #expect(h.negative == HistogramBuckets(offset: -5, counts: [4.1, 5]))
        #expect(h.counterResetHint == .gauge)

        let values = try HistogramNotation.parseValues("1 _ {{sum:5 count:4 buckets:[1 2 1]}}+{{sum:2 count:1 buckets:[1] offset:1}}x2 stale")
        #expect(values.count == 6)
        #expect(values[0] == .float(1) && values[1] == nil)
        guard case .histogram(let last)? = values[4] else { Issue.record("expected a histogram"); return }
        #expect(last.count == 6 && last.sum == 9 && last.positive.counts == [1, 4, 1])
        guard case .float(let s)? = values[5] else { Issue.record("expected a stale marker"); return }
        #expect(isStaleNaN(s))
    }

    @Test func badNotationIsRefusedWithTheReason() {
        #expect(throws: NotationError.self) { try histogram("{{schema:9 count:1}}") }
        #expect(throws: NotationError.self) { try histogram("{{count:1 count:2}}") }
        #expect(throws: NotationError.self) { try histogram("{{colour:1}}") }
        #expect(throws: NotationError.self) { try histogram("{{buckets:[1 x]}}") }
        #expect(throws: NotationError.self) { try HistogramNotation.parseValues("{{schema:0 count:1}}+{{schema:-53 count:1}}x2") }
        do { _ = try HistogramNotation.parseHistogram("{{count:1 count:2}}") } catch {
            #expect(error.message == "duplicate key \"count\" in histogram")
        }
    }

    @Test func addingReducesToTheLowerSchema() throws {
        let fine = try histogram("{{schema:1 count:4 sum:4 buckets:[1 1 1 1]}}")    // (1/√2,1] (1,√2] (√2,2] (2,2√2]
        let coarse = try histogram("{{schema:0 count:2 sum:3 buckets:[1 1]}}")     // (0.5,1] (1,2]
        let (sum, reconciled) = try fine.combined(with: coarse, sign: 1)
        #expect(!reconciled)
        #expect(sum.schema == 0 && sum.count == 6 && sum.sum == 7)
        // At schema 0 the fine buckets fall into (0.5,1], (1,2], (1,2], (2,4].
        #expect(sum.compacted().positive == HistogramBuckets(offset: 0, counts: [2, 3, 1]))
        #expect(throws: HistogramError.mixedSchemas) {
            try fine.combined(with: try histogram("{{schema:-53 custom_values:[1] count:1}}"), sign: 1)
        }
    }

    @Test func customBoundsAreReconciledOnTheCommonOnes() throws {
        let a = try histogram("{{schema:-53 custom_values:[2 4 6] count:15 sum:55 buckets:[1 2 5 7]}}")
        let b = try histogram("{{schema:-53 custom_values:[1 2 3 4 5 6 7 8] count:450 sum:555 buckets:[10 20 30 40 50 60 70 80 90]}}")
        let (d, reconciled) = try b.combined(with: a, sign: -1)
        #expect(reconciled)
        #expect(d.customValues == [2, 4, 6] && d.count == 435 && d.positive.counts == [29, 68, 105, 233])
    }

    func store(_ lines: [(String, String)], interval: Int64 = 60_000) throws -> SeriesStore {
        let s = SeriesStore()
        for (name, values) in lines {
            for (i, v) in try HistogramNotation.parseValues(values).enumerated() {
                switch v {
                case .float(let f)?: s.append(Labels(["__name__": name]), timestamp: Int64(i) * interval, value: f)
                case .histogram(let h)?: s.append(Labels(["__name__": name]), timestamp: Int64(i) * interval, histogram: h)
                case nil: break
                }
            }
        }
        return s
    }

    func instant(_ q: String, at t: Int64, _ s: SeriesStore) throws -> [Sample] {
        guard case .vector(let v) = try Engine().instantQuery(try parse(q), at: t, store: s) else { return [] }
        return v
    }

    @Test func quantileFractionCountSumOfOneHistogram() throws {
        let s = try store([("latency", "{{schema:0 sum:5 count:4 buckets:[1 2 1]}}")])
        // The median sits half way through (1,2] on a logarithmic scale: √2.
        #expect(try instant("histogram_quantile(0.5, latency)", at: 0, s).map(\.value) == [Double(2).squareRoot()])
        #expect(try instant("histogram_fraction(1, 2, latency)", at: 0, s).map(\.value) == [0.5])
        #expect(try instant("histogram_count(latency)", at: 0, s).map(\.value) == [4])
        #expect(try instant("histogram_avg(latency)", at: 0, s).map(\.value) == [1.25])
        // Float-only functions leave histogram samples out.
        #expect(try instant("abs(latency)", at: 0, s).isEmpty)
    }

    @Test func rateAddsBackACounterReset() throws {
        // 10, 20, then a reset to 5: the increase over the window is 10 + 5 = 15 observations.
        let s = try store([("requests", "{{count:10 sum:10 buckets:[10]}} {{count:20 sum:20 buckets:[20]}} {{count:5 sum:5 buckets:[5]}}")])
        let r = try instant("increase(requests[3m])", at: 120_000, s)
        let h = try #require(r.first?.histogram)
        // Two minutes sampled in a three-minute window: extrapolated by a minute at the start
        // (the count would reach zero only 80s before the first sample).
        #expect(h.counterResetHint == .gauge)
        #expect(abs(h.count - 15 * 1.5) < 1e-9)
        #expect(try instant("resets(requests[3m])", at: 120_000, s).map(\.value) == [1])
        // The store marks the second sample as continuing the first.
        #expect(try instant("requests", at: 60_000, s).first?.histogram?.counterResetHint == .notReset)
    }

    @Test func arithmeticAndAggregationFollowPrometheus() throws {
        let s = try store([("a", "{{count:4 sum:4 buckets:[1 2 1]}}"), ("b", "{{count:2 sum:1 buckets:[2]}}"), ("f", "3")])
        let sum = try #require(try instant("sum({__name__=~\"a|b\"})", at: 0, s).first?.histogram)
        #expect(sum.count == 6 && sum.positive.counts == [3, 2, 1])
        let diff = try #require(try instant("a - on() b", at: 0, s).first?.histogram)
        #expect(diff.counterResetHint == .gauge && diff.count == 2)
        #expect(try instant("a * 2", at: 0, s).first?.histogram?.count == 8)
        #expect(try instant("a / 0", at: 0, s).first?.histogram?.positive.isEmpty == true)
        // No result for what Prometheus does not define: histogram + float, float / histogram.
        #expect(try instant("a + on() f", at: 0, s).isEmpty)
        #expect(try instant("2 / a", at: 0, s).isEmpty)
        // count counts histograms, max takes floats only.
        #expect(try instant("count({__name__=~\"a|b|f\"})", at: 0, s).map(\.value) == [3])
        #expect(try instant("max({__name__=~\"a|b|f\"})", at: 0, s).map(\.value) == [3])
    }

    @Test func classicBucketsConvertToCustomBuckets() throws {
        let series: [(Labels, [Double?])] = [
            (Labels(["__name__": "x_bucket", "le": "1"]), [1, 2]),
            (Labels(["__name__": "x_bucket", "le": "+Inf"]), [3, 5]),
            (Labels(["__name__": "x_sum"]), [4, 8]),
        ]
        let out = ClassicToNHCB.convert(series)
        #expect(out.count == 1)
        #expect(out.first?.0 == Labels(["__name__": "x"]))
        let h = try #require(out.first?.1[1])
        #expect(h.usesCustomBuckets && h.customValues == [1] && h.positive.counts == [2, 3] && h.count == 5 && h.sum == 8)
    }

    @Test func aRepetitionPastTheLimitIsAnErrorNotAnAllocation() {
        // Each would ask for billions of samples (the second for more than Int can count).
        for text in ["1x99999999999", "{{count:1}}x9223372036854775807", "{{count:1}}+{{count:1}}x99999999999", "_x5 1+1x4"] {
            #expect(throws: NotationError.self, "\(text)") { try HistogramNotation.parseValues(text, maxPoints: 9) }
        }
        #expect((try? HistogramNotation.parseValues("1+1x7", maxPoints: 9))?.count == 8)
    }

    @Test func fuzzerCrashInputsAreErrors() {
        // Found by fuzz/promql-parser (2026-12-01): a token `x1` (a repetition with no value
        // before it) read past the end of an empty string.
        for text in ["x1 1 831 sD 83ged", "x1", "{{count:1}} x0"] {
            #expect(throws: NotationError.self, "\(text)") { try HistogramNotation.parseValues(text) }
        }
    }

    @Test func histogramQuantilesLabelsEachQuantile() throws {
        let s = try store([("latency", "{{schema:0 sum:5 count:4 buckets:[1 2 1]}}")])
        guard case .vector(let v) = try Engine().instantQuery(
            try parse("histogram_quantiles(latency, \"q\", 0.5, 1)", features: .experimentalFunctions), at: 0, store: s) else {
            Issue.record("expected a vector"); return
        }
        let byQ = Dictionary(uniqueKeysWithValues: v.map { ($0.labels["q"] ?? "?", $0.value) })
        // The same values histogram_quantile gives; 1 is written the OpenMetrics way, "1.0".
        #expect(byQ == ["0.5": Double(2).squareRoot(), "1.0": 4])
    }

    @Test func smoothedAndAnchoredSelectorsReadHistograms() throws {
        // count 1, 2, 3, ... every 15 s.
        let s = SeriesStore()
        for (i, v) in try HistogramNotation.parseValues("{{schema:0 count:1 sum:1 buckets:[1]}}+{{count:1 sum:1 buckets:[1]}}x7").enumerated() {
            if case .histogram(let h)? = v { s.append(Labels(["__name__": "h"]), timestamp: Int64(i) * 15_000, histogram: h) }
        }
        func count(_ q: String, at t: Int64) throws -> Double? {
            guard case .vector(let v) = try Engine().instantQuery(try parse(q, features: .extendedRangeSelectors), at: t, store: s) else { return nil }
            return v.first?.histogram?.count
        }
        // 7 s is 7/15 of the way from count 1 to count 2.
        #expect(abs((try count("h smoothed", at: 7_000) ?? 0) - (1 + 7.0 / 15)) < 1e-9)
        // Anchored at 50 s: from the sample at 0 s (count 1) to the one at 45 s (count 4).
        #expect(try count("increase(h[1m] anchored)", at: 50_000) == 3)
    }
}
