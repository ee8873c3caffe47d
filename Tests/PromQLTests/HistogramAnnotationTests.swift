import Testing
@testable import PromQL

/// The native-histogram warnings and infos, with Prometheus's texts and positions, on small
/// stores a reader can check by hand. (Prometheus's scripts check them too, in ConformanceTests.)
@Suite struct HistogramAnnotationTests {
    /// One series per (name, values) in the promqltest notation, one sample a minute.
    func store(_ lines: [(String, String)]) throws -> SeriesStore {
        let s = SeriesStore()
        for (name, values) in lines {
            for (i, v) in try HistogramNotation.parseValues(values).enumerated() {
                switch v {
                case .float(let f)?: s.append(Labels(["__name__": name]), timestamp: Int64(i) * 60_000, value: f)
                case .histogram(let h)?: s.append(Labels(["__name__": name]), timestamp: Int64(i) * 60_000, histogram: h)
                case nil: break
                }
            }
        }
        return s
    }

    /// The annotations of an instant query, and how many samples it returned.
    func annotations(_ q: String, at t: Int64, _ s: SeriesStore) throws -> (texts: [String], samples: Int) {
        let a = Annotations()
        let v = try Engine().instantQuery(try parse(q, features: .all), at: t, store: s, annotations: a)
        guard case .vector(let samples) = v else { return (a.items.map(\.description), 0) }
        return (a.items.map(\.description), samples.count)
    }

    @Test func operatorsAHistogramHasNoMeaningForGiveAnInfoAndNoResult() throws {
        let s = try store([("h", "{{schema:0 count:4 sum:6 buckets:[1 2 1]}}"), ("f", "2")])
        let product = try annotations("h * h", at: 0, s)
        #expect(product.samples == 0)
        #expect(product.texts == ["PromQL info: incompatible sample types encountered for binary operator \"*\": histogram * histogram (1:1)"])
        #expect(try annotations("h > 1", at: 0, s).texts == ["PromQL info: incompatible sample types encountered for binary operator \">\": histogram > float (1:1)"])
        #expect(try annotations("1 - h", at: 0, s).texts == ["PromQL info: incompatible sample types encountered for binary operator \"-\": float - histogram (1:1)"])
        #expect(try annotations("f + ignoring(__name__) h", at: 0, s).samples == 0)
        // What is defined says nothing.
        #expect(try annotations("h * 2", at: 0, s) == ([], 1))
        #expect(try annotations("h + h", at: 0, s) == ([], 1))
    }

    @Test func aggregationsThatTakeFloatsSayTheyLeftHistogramsOut() throws {
        let s = try store([("h", "{{count:1}}"), ("x", "5")])
        #expect(try annotations("max({__name__=~\"h|x\"})", at: 0, s) == (["PromQL info: ignored histogram in max aggregation (1:5)"], 1))
        #expect(try annotations("stddev(h)", at: 0, s).texts == ["PromQL info: ignored histogram in stddev aggregation (1:8)"])
        #expect(try annotations("topk(1, h)", at: 0, s).texts == ["PromQL info: ignored histogram in topk aggregation (1:1)"])
        let mixedSum = try annotations("sum({__name__=~\"h|x\"})", at: 0, s)
        #expect(mixedSum == (["PromQL warning: encountered a mix of histograms and floats for aggregation (1:5)"], 0))
    }

    @Test func rangeFunctionsOnWindowsWithFloatsAndHistograms() throws {
        let s = try store([("mix", "1 2 {{count:3}} 4")])
        // deriv reads the floats only and says so; rate cannot mix the two at all.
        let d = try annotations("deriv(mix[5m])", at: 180_000, s)
        #expect(d == (["PromQL info: ignored histograms in a range containing both floats and histograms for metric name \"mix\" (1:7)"], 1))
        let r = try annotations("rate(mix[5m])", at: 180_000, s)
        #expect(r.samples == 0)
        #expect(r.texts.contains("PromQL warning: encountered a mix of histograms and floats for metric name \"mix\" (1:6)"))
    }

    @Test func counterAndGaugeHistogramsInTheWrongFunction() throws {
        let s = try store([
            ("g", "{{count:1 counter_reset_hint:gauge}} {{count:3 counter_reset_hint:gauge}}"),
            ("c", "{{count:1}} {{count:3}}"),
        ])
        #expect(try annotations("rate(g[2m])", at: 60_000, s).texts == ["PromQL warning: this native histogram metric is not a counter: \"g\" (1:6)"])
        #expect(try annotations("delta(c[2m])", at: 60_000, s).texts == ["PromQL warning: this native histogram metric is not a gauge: \"c\" (1:7)"])
        #expect(try annotations("rate(c[2m])", at: 60_000, s) == ([], 1))
        #expect(try annotations("delta(g[2m])", at: 60_000, s) == ([], 1))
    }

    @Test func customBucketsWithOtherBoundsAreReconciledWithAnInfo() throws {
        let s = try store([
            ("a", "{{schema:-53 custom_values:[1 2] count:3 sum:3 buckets:[1 1 1]}}"),
            ("b", "{{schema:-53 custom_values:[2] count:2 sum:2 buckets:[1 1]}}"),
        ])
        let r = try annotations("sum({__name__=~\"a|b\"})", at: 0, s)
        #expect(r == (["PromQL info: mismatched custom buckets were reconciled during aggregation (1:5)"], 1))
        let e = try store([("a", "{{schema:-53 custom_values:[1] count:1 buckets:[1]}}"), ("b", "{{schema:0 count:1 buckets:[1]}}")])
        let m = try annotations("sum({__name__=~\"a|b\"})", at: 0, e)
        #expect(m.samples == 0)
        #expect(m.texts.count == 1 && m.texts[0].hasPrefix("PromQL warning: vector contains a mix of histograms with exponential and custom buckets schemas for metric name"))
    }

    @Test func histogramQuantileWithNaNObservations() throws {
        // A NaN sum and one observation in no bucket: the median is real, but skewed upwards;
        // the top quantile falls among the NaNs.
        let s = try store([("lat", "{{schema:0 count:3 sum:NaN buckets:[1 1]}}")])
        #expect(try annotations("histogram_quantile(0.5, lat)", at: 0, s).texts == [
            "PromQL info: input to histogram_quantile has NaN observations, result is skewed higher for metric name \"lat\" (1:25)",
        ])
        #expect(try annotations("histogram_quantile(0.9, lat)", at: 0, s).texts == [
            "PromQL info: input to histogram_quantile has NaN observations, result is NaN for metric name \"lat\" (1:25)",
        ])
        #expect(try annotations("histogram_fraction(0, 1, lat)", at: 0, s).texts == [
            "PromQL info: input to histogram_fraction has NaN observations, which are excluded from all fractions for metric name \"lat\" (1:26)",
        ])
    }

    @Test func histogramCountDetectsResetsOnTheFlyAsPrometheusDoes() throws {
        // `late` resets at its last sample; `early` has continued since its reset. Summing them
        // meets a reset and a not-reset only when the reset is detected, which Prometheus does
        // on the fly for histogram_count/sum/avg (its HistogramStatsIterator).
        let s = try store([
            ("late", "{{sum:1 count:1 buckets:[1]}} {{sum:1 count:2 buckets:[2]}} {{sum:1 count:3 buckets:[3]}} {{sum:1 count:2 buckets:[2]}}"),
            ("early", "{{sum:1 count:3 buckets:[3]}} {{sum:1 count:2 buckets:[2]}} {{sum:1 count:2 buckets:[2]}} {{sum:1 count:3 buckets:[3]}}"),
        ])
        let q = "histogram_count(sum({__name__=~\"late|early\"}))"
        #expect(try annotations(q, at: 240_000, s) == (["PromQL warning: conflicting counter resets during histogram aggregation (1:21)"], 1))
        #expect(try annotations("sum({__name__=~\"late|early\"})", at: 240_000, s) == ([], 1))
        // Through a subquery the buckets are needed again: no on-the-fly hints.
        #expect(try annotations("histogram_count(last_over_time(sum({__name__=~\"late|early\"})[1m:1m]))", at: 240_000, s).texts == [])
    }
}
