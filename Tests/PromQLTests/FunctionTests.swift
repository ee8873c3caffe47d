import Testing
@testable import PromQL

/// One suite per function family, on small hand-computed series.
@Suite struct FunctionTests {
    let engine = Engine()

    /// Points every `step` seconds starting at 0.
    func store(_ series: [(String, [Double])], step: Int64 = 60) throws -> SeriesStore {
        let s = SeriesStore()
        for (desc, values) in series {
            guard case .vectorSelector(let vs) = try parse(desc) else { throw EvaluationError("bad \(desc)") }
            let labels = Labels(vs.matchers.map { Label($0.name, $0.value) })
            for (i, v) in values.enumerated() { s.append(labels, timestamp: Int64(i) * step * 1000, value: v) }
        }
        return s
    }

    func query(_ q: String, at seconds: Int64, _ s: SeriesStore) throws -> [String: Double] {
        switch try engine.instantQuery(try parse(q), at: seconds * 1000, store: s) {
        case .vector(let v): return Dictionary(uniqueKeysWithValues: v.map { ($0.labels.description, $0.value) })
        case .scalar(_, let v): return ["scalar": v]
        default: return [:]
        }
    }

    func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b)) || (a.isNaN && b.isNaN)
    }

    @Test func rateFamily() throws {
        // A counter rising 60 per minute with a reset after 240.
        let s = try store([("c_total", [0, 60, 120, 180, 240, 30, 90])])
        #expect(close(try query("increase(c_total[2m])", at: 120, s)["{}"], 120))  // two points 60s apart, extrapolated
        // 240 over a 300s window; no extrapolation before the first sample, which is 0.
        #expect(close(try query("rate(c_total[5m])", at: 240, s)["{}"], 0.8))
        #expect(close(try query("irate(c_total[5m])", at: 360, s)["{}"], 1))
        #expect(close(try query("resets(c_total[10m])", at: 360, s)["{}"], 1))
        #expect(close(try query("changes(c_total[10m])", at: 360, s)["{}"], 6))
        #expect(close(try query("idelta(c_total[5m])", at: 300, s)["{}"], -210))
        #expect(close(try query("deriv(c_total[4m])", at: 240, s)["{}"], 1))
        #expect(close(try query("predict_linear(c_total[4m], 60)", at: 240, s)["{}"], 300))
        // One point in the window: no result.
        #expect(try query("rate(c_total[1m])", at: 60, s).isEmpty)
    }

    @Test func overTimeFamily() throws {
        let s = try store([("g", [1, 5, 3, 7])])
        let at: Int64 = 180
        #expect(try query("avg_over_time(g[10m])", at: at, s)["{}"] == 4)
        #expect(try query("sum_over_time(g[10m])", at: at, s)["{}"] == 16)
        #expect(try query("min_over_time(g[10m])", at: at, s)["{}"] == 1)
        #expect(try query("max_over_time(g[10m])", at: at, s)["{}"] == 7)
        #expect(try query("count_over_time(g[10m])", at: at, s)["{}"] == 4)
        #expect(try query("last_over_time(g[10m])", at: at, s)["g"] == 7)   // keeps the name
        #expect(try query("present_over_time(g[10m])", at: at, s)["{}"] == 1)
        #expect(close(try query("stdvar_over_time(g[10m])", at: at, s)["{}"], 5))
        #expect(close(try query("stddev_over_time(g[10m])", at: at, s)["{}"], 5.0.squareRoot()))
        #expect(try query("quantile_over_time(0.5, g[10m])", at: at, s)["{}"] == 4)
        // Left-open window: [2m] at 180s sees 120s? No: (60s, 180s] holds 120s and 180s.
        #expect(try query("count_over_time(g[2m])", at: at, s)["{}"] == 2)
        #expect(try query("absent_over_time(nothing{job=\"x\"}[5m])", at: at, s)[#"{job="x"}"#] == 1)
    }

    @Test func mathAndTrigFamily() throws {
        let s = try store([("x", [-2.5])])
        #expect(try query("abs(x)", at: 0, s)["{}"] == 2.5)
        #expect(try query("ceil(x)", at: 0, s)["{}"] == -2)
        #expect(try query("floor(x)", at: 0, s)["{}"] == -3)
        #expect(try query("round(x)", at: 0, s)["{}"] == -2)          // rounds half up, like Prometheus
        #expect(try query("round(x, 2)", at: 0, s)["{}"] == -2)
        #expect(try query("sgn(x)", at: 0, s)["{}"] == -1)
        #expect(try query("clamp(x, -1, 1)", at: 0, s)["{}"] == -1)
        #expect(try query("clamp(x, 1, -1)", at: 0, s).isEmpty)       // max < min: nothing
        #expect(try query("clamp_min(x, 0)", at: 0, s)["{}"] == 0)
        #expect(try query("clamp_max(x, -3)", at: 0, s)["{}"] == -3)
        #expect(close(try query("exp(ln(abs(x)))", at: 0, s)["{}"], 2.5))
        #expect(close(try query("deg(rad(x))", at: 0, s)["{}"], -2.5))
        #expect(close(try query("sin(x)^2 + cos(x)^2", at: 0, s)["{}"], 1))
        #expect(try query("pi()", at: 0, s)["scalar"] == Double.pi)
        #expect(try query("sqrt(x)", at: 0, s)["{}"]?.isNaN == true)
    }

    @Test func histogramQuantileOnClassicBuckets() throws {
        let s = try store([(#"h_bucket{le="0.1"}"#, [10]), (#"h_bucket{le="1"}"#, [20]), (#"h_bucket{le="+Inf"}"#, [20])])
        #expect(close(try query("histogram_quantile(0.5, h_bucket)", at: 0, s)["{}"], 0.1))
        #expect(close(try query("histogram_quantile(0.75, h_bucket)", at: 0, s)["{}"], 0.55))
        #expect(try query("histogram_quantile(2, h_bucket)", at: 0, s)["{}"] == .infinity)
    }

    @Test func labelFunctions() throws {
        let s = try store([(#"m{src="a-b", x="1"}"#, [1])])
        let r = try query(#"label_replace(m, "dst", "$2:$1", "src", "(.*)-(.*)")"#, at: 0, s)
        #expect(r[#"m{dst="b:a", src="a-b", x="1"}"#] == 1)
        let j = try query(#"label_join(m, "j", ",", "src", "x")"#, at: 0, s)
        #expect(j[#"m{j="a-b,1", src="a-b", x="1"}"#] == 1)
        #expect(throws: EvaluationError.self) { try query(#"label_replace(m, "d", "", "src", "(")"#, at: 0, s) }
    }

    @Test func absentAndConversions() throws {
        let s = try store([("up", [1])])
        #expect(try query(#"absent(nope{job="a", job="b", env="p"})"#, at: 0, s) == [#"{env="p"}"#: 1])
        #expect(try query("absent(up)", at: 0, s).isEmpty)
        #expect(try query("vector(3)", at: 0, s)["{}"] == 3)
        #expect(try query("scalar(up)", at: 0, s)["scalar"] == 1)
        #expect(try query("scalar(nope)", at: 0, s)["scalar"]?.isNaN == true)
        #expect(try query("time()", at: 90, s)["scalar"] == 90)
        #expect(try query("timestamp(up)", at: 90, s)["{}"] == 0)
    }

    @Test func timeFunctions() throws {
        let s = try store([("t", [1_709_251_199])])  // 2024-02-29T23:59:59Z, a Thursday
        #expect(try query("year(t)", at: 0, s)["{}"] == 2024)
        #expect(try query("month(t)", at: 0, s)["{}"] == 2)
        #expect(try query("day_of_month(t)", at: 0, s)["{}"] == 29)
        #expect(try query("days_in_month(t)", at: 0, s)["{}"] == 29)
        #expect(try query("day_of_week(t)", at: 0, s)["{}"] == 4)
        #expect(try query("day_of_year(t)", at: 0, s)["{}"] == 60)
        #expect(try query("hour(t)", at: 0, s)["{}"] == 23)
        #expect(try query("minute(t)", at: 0, s)["{}"] == 59)
        #expect(try query("year()", at: 0, s)["{}"] == 1970)
    }

    @Test func sortFunctionsOrderInstantResults() throws {
        let s = try store([(#"v{i="a"}"#, [3]), (#"v{i="b"}"#, [1]), (#"v{i="c"}"#, [.nan]), (#"v{i="d"}"#, [2])])
        guard case .vector(let asc) = try engine.instantQuery(try parse("sort(v)"), at: 0, store: s),
              case .vector(let desc) = try engine.instantQuery(try parse("sort_desc(v)"), at: 0, store: s) else {
            Issue.record("not vectors"); return
        }
        #expect(asc.map { $0.labels["i"] ?? "" } == ["b", "d", "a", "c"])
        #expect(desc.map { $0.labels["i"] ?? "" } == ["a", "d", "b", "c"])
    }

    @Test func aggregations() throws {
        let s = try store([(#"r{job="a", i="1"}"#, [1]), (#"r{job="a", i="2"}"#, [3]), (#"r{job="b", i="1"}"#, [10])])
        #expect(try query("sum by (job) (r)", at: 0, s) == [#"{job="a"}"#: 4, #"{job="b"}"#: 10])
        #expect(try query("avg(r) without (i)", at: 0, s) == [#"{job="a"}"#: 2, #"{job="b"}"#: 10])
        #expect(try query("count(r)", at: 0, s) == ["{}": 3])
        #expect(try query("max(r)", at: 0, s) == ["{}": 10])
        #expect(try query("min by (i) (r)", at: 0, s) == [#"{i="1"}"#: 1, #"{i="2"}"#: 3])
        #expect(try query("group(r)", at: 0, s) == ["{}": 1])
        #expect(try query("stdvar by (job) (r)", at: 0, s)[#"{job="a"}"#] == 1)
        #expect(try query("stddev by (job) (r)", at: 0, s)[#"{job="a"}"#] == 1)
        #expect(try query("quantile(0.5, r)", at: 0, s) == ["{}": 3])
        #expect(try query("topk(1, r)", at: 0, s) == [#"r{i="1", job="b"}"#: 10])
        #expect(try query("bottomk by (job) (1, r)", at: 0, s).count == 2)
        #expect(try query(#"count_values("v", r)"#, at: 0, s) == [#"{v="1"}"#: 1, #"{v="3"}"#: 1, #"{v="10"}"#: 1])
        #expect(throws: EvaluationError.self) { try query("topk(NaN, r)", at: 0, s) }
    }

    @Test func binaryOperatorsAndMatching() throws {
        let s = try store([(#"a{j="x", k="1"}"#, [2]), (#"a{j="y", k="1"}"#, [4]), (#"b{j="x"}"#, [10]), (#"one{k="1"}"#, [3])])
        #expect(try query("a * on(j) b", at: 0, s) == [#"{j="x"}"#: 20])
        #expect(try query("a + on(k) group_left one", at: 0, s) == [#"{j="x", k="1"}"#: 5, #"{j="y", k="1"}"#: 7])
        #expect(try query("a > 3", at: 0, s) == [#"a{j="y", k="1"}"#: 4])          // comparison keeps the name
        #expect(try query("a > bool 3", at: 0, s) == [#"{j="x", k="1"}"#: 0, #"{j="y", k="1"}"#: 1])
        #expect(try query("a and on(j) b", at: 0, s).count == 1)
        #expect(try query("a unless on(j) b", at: 0, s).count == 1)
        #expect(try query("a or on(j) b", at: 0, s).count == 2)
        #expect(try query("2 ^ 3 ^ 2", at: 0, s)["scalar"] == 512)
        #expect(try query("-0 * 1", at: 0, s)["scalar"]?.sign == .minus)
        #expect(try query("1 % 0", at: 0, s)["scalar"]?.isNaN == true)
        #expect(throws: EvaluationError.self) { try query("a + on(k) one", at: 0, s) }  // many-to-one not explicit
    }

    @Test func lookbackAndStaleness() throws {
        let s = SeriesStore()
        let l = Labels(["__name__": "m"])
        s.append(l, timestamp: 0, value: 1)
        s.append(l, timestamp: 10_000, value: staleNaN)
        s.append(l, timestamp: 20_000, value: 2)
        #expect(try query("m", at: 5, s)["m"] == 1)
        #expect(try query("m", at: 15, s).isEmpty)             // stale
        #expect(try query("m", at: 319, s)["m"] == 2)          // within 5m lookback
        #expect(try query("m", at: 320, s).isEmpty)            // left-open: 20s is out at 320s
        #expect(try query("m offset -10s", at: 10, s)["m"] == 2)
        #expect(try query("m @ 5", at: 1000, s)["m"] == 1)
    }

    @Test func rangeQueryAndSubquery() throws {
        let s = try store([("c", [0, 1, 2, 3, 4, 5])])
        let r = try engine.rangeQuery(try parse("c * 2"), start: 0, end: 300_000, stepMs: 60_000, store: s)
        #expect(r.count == 1 && r[0].points.map(\.value) == [0, 2, 4, 6, 8, 10])
        #expect(try query("max_over_time(c[3m:1m])", at: 300, s)["{}"] == 5)
        #expect(try query("count_over_time(c[3m:1m])", at: 300, s)["{}"] == 3)
    }

    @Test func deepestAcceptedExpressionsEvaluateOnATaskThread() async throws {
        let s = try store([("x", [2])])
        let nested = String(repeating: "(", count: 250) + "x" + String(repeating: ")", count: 250)
        let calls = String(repeating: "abs(", count: 120) + "x" + String(repeating: ")", count: 120)
        let chain = Array(repeating: "x", count: 200).joined(separator: " + ")
        #expect(try query(nested, at: 0, s)["x"] == 2)
        #expect(try query(calls, at: 0, s)["{}"] == 2)
        #expect(try query(chain, at: 0, s)["{}"] == 400)
    }

    @Test func millionPointSeriesIsQueriedByBinarySearch() throws {
        let s = SeriesStore()
        let l = Labels(["__name__": "big"])
        s.append(l, points: (0..<1_000_000).map { Point(timestamp: Int64($0) * 1000, value: Double($0)) })
        #expect(try query("big", at: 999_999, s)["big"] == 999_999)
        #expect(try query("count_over_time(big[1m])", at: 500_000, s)["{}"] == 60)
    }

    @Test func countValuesFormatsLikeGo() {
        #expect(formatGoFloat(1) == "1")
        #expect(formatGoFloat(0.5) == "0.5")
        #expect(formatGoFloat(-2.25) == "-2.25")
        #expect(formatGoFloat(1e21) == "1000000000000000000000")
        #expect(formatGoFloat(1.5e-7) == "0.00000015")
        #expect(formatGoFloat(.infinity) == "+Inf")
        #expect(formatGoFloat(.nan) == "NaN")
    }
}
