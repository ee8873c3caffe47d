import Testing
@testable import PromQL

/// The constructs Prometheus keeps behind `--enable-feature`: refused by default with an error
/// that names the flag, accepted and evaluated with the feature on.
@Suite struct FeatureFlagTests {
    static let gated: [(expr: String, flag: String)] = [
        ("mad_over_time(x[5m])", "promql-experimental-functions"),
        ("sort_by_label(x, \"job\")", "promql-experimental-functions"),
        ("limitk(2, x)", "promql-experimental-functions"),
        ("limit_ratio(0.5, x)", "promql-experimental-functions"),
        ("info(x, {data=~\".*\"})", "promql-experimental-functions"),
        ("histogram_quantiles(x, \"q\", 0.5, 0.9)", "promql-experimental-functions"),
        ("x[5m * 2]", "promql-duration-expr"),
        ("x offset (1m + 30s)", "promql-duration-expr"),
        ("count_over_time(x[step()])", "promql-duration-expr"),
        ("step()", "promql-duration-expr"),
        ("min_of(1, 2)", "promql-duration-expr"),
        ("x + fill(0) y", "promql-binop-fill-modifiers"),
        ("x + on(a) group_left fill_right(1) y", "promql-binop-fill-modifiers"),
        ("increase(x[1m] anchored)", "promql-extended-range-selectors"),
        ("x smoothed", "promql-extended-range-selectors"),
    ]

    @Test(arguments: gated.map(\.expr))
    func offByDefaultAndTheErrorNamesTheFlag(_ expr: String) throws {
        let flag = try #require(Self.gated.first { $0.expr == expr }?.flag)
        do {
            _ = try parse(expr)
            Issue.record("\(expr) parsed without its feature")
        } catch {
            #expect(error.message.contains("--enable-feature=\(flag)"), "\(error)")
        }
        let feature = try #require(PromQLFeatures.named(flag))
        _ = try parse(expr, features: feature)
    }

    @Test func plainLiteralsNeedNoFlag() throws {
        _ = try parse("rate(x[5m] offset 1m)")
        _ = try parse("sum_over_time(rate(x[300])[1h:5m])")
        _ = try parse("fill + fill_left")   // metrics that happen to be called fill
    }

    func store() -> SeriesStore {
        let s = SeriesStore()
        for i in 0...100 {
            s.append(Labels(["__name__": "m", "job": "a"]), timestamp: Int64(i) * 1000, value: Double(i))
            s.append(Labels(["__name__": "m", "job": "b"]), timestamp: Int64(i) * 1000, value: Double(2 * i))
        }
        return s
    }

    func values(_ v: Value) -> [String: Double] {
        guard case .vector(let samples) = v else { return [:] }
        return Dictionary(uniqueKeysWithValues: samples.map { ($0.labels["job"] ?? "", $0.value) })
    }

    @Test func durationExpressionsFollowTheQueryStep() throws {
        let e = try parse("count_over_time(m{job=\"a\"}[step() * 2])", features: .all)
        let series = try Engine().rangeQuery(e, start: 50_000, end: 60_000, stepMs: 5_000, store: store())
        #expect(series.first?.points.map(\.value) == [10, 10, 10])
        let offset = try parse("m{job=\"a\"} offset -(2 ^ 2)", features: .all)
        #expect(values(try Engine().instantQuery(offset, at: 50_000, store: store()))["a"] == 54)
        do {
            _ = try parse("m[1m / 0]", features: .all)
            Issue.record("division by zero parsed")
        } catch {
            #expect(error.message.contains("division by zero"))
        }
    }

    @Test func anchoredAndSmoothedWindows() throws {
        // m{job="a"} is i at i seconds: [10s] at 15.5s holds 6..15; the anchor adds 5.
        let anchored = try parse("increase(m{job=\"a\"}[10s] anchored)", features: .all)
        #expect(values(try Engine().instantQuery(anchored, at: 15_000, store: store()))["a"] == 10)
        let smoothed = try parse("increase(m{job=\"a\"}[10s] smoothed)", features: .all)
        #expect(values(try Engine().instantQuery(smoothed, at: 15_500, store: store()))["a"] == 10)
        let vector = try parse("m{job=\"b\"} smoothed", features: .all)
        #expect(values(try Engine().instantQuery(vector, at: 15_500, store: store()))["b"] == 31)
        do {
            _ = try parse("deriv(m[1m] smoothed)", features: .all)
            Issue.record("smoothed deriv parsed")
        } catch {
            #expect(error.message == "smoothed modifier can only be used with: delta, increase, rate - not with deriv")
        }
    }

    @Test func fillStandsInForTheMissingSide() throws {
        let e = try parse("m{job=\"a\"} + on(job) fill(1000) m{job=\"b\"}", features: .all)
        let got = values(try Engine().instantQuery(e, at: 10_000, store: store()))
        #expect(got == ["a": 1010, "b": 1020])
    }

    @Test func limitRatioComplementsAndPrometheusHash() throws {
        // xxHash64 reference values (seed 0).
        #expect(XXHash64.hash([]) == 0xEF46DB3751D8E999)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC2CF5AD770999)
        #expect(XXHash64.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCEA83C8A378BF1)
        let s = SeriesStore()
        for i in 0..<50 { s.append(Labels(["__name__": "x", "i": "\(i)"]), timestamp: 0, value: Double(i)) }
        func count(_ q: String) throws -> Int {
            guard case .vector(let v) = try Engine().instantQuery(try parse(q, features: .all), at: 0, store: s) else { return -1 }
            return v.count
        }
        let part = try count("limit_ratio(0.3, x)")
        #expect(part > 0 && part < 50)
        #expect(try count("limit_ratio(0.3, x) or limit_ratio(-0.7, x)") == 50)
        #expect(try count("limit_ratio(0.3, x) and limit_ratio(-0.7, x)") == 0)
        #expect(try count("limitk by (i) (1, x)") == 50)
        #expect(try count("limitk(7, x)") == 7)
    }

    @Test func typeAndUnitLabelsGoWithTheName() throws {
        let s = SeriesStore()
        s.append(Labels(["__name__": "req_total", "__type__": "counter", "__unit__": "request", "job": "a"]), timestamp: 0, value: 5)
        guard case .vector(let neg) = try Engine().instantQuery(try parse("-req_total"), at: 0, store: s),
              case .vector(let same) = try Engine().instantQuery(try parse("req_total > 1"), at: 0, store: s) else {
            Issue.record("not a vector"); return
        }
        #expect(neg.map(\.labels) == [Labels(["job": "a"])])
        #expect(same.first?.labels["__type__"] == "counter")
    }

    @Test func infoAddsTheDataLabelsOfTargetInfo() throws {
        let s = SeriesStore()
        s.append(Labels(["__name__": "up", "job": "api", "instance": "a"]), timestamp: 0, value: 1)
        s.append(Labels(["__name__": "up", "job": "api", "instance": "b"]), timestamp: 0, value: 1)
        s.append(Labels(["__name__": "target_info", "job": "api", "instance": "a", "version": "1.2"]), timestamp: 0, value: 1)
        func labels(_ q: String) throws -> [Labels] {
            guard case .vector(let v) = try Engine().instantQuery(try parse(q, features: .all), at: 0, store: s) else { return [] }
            return v.map(\.labels).sorted()
        }
        #expect(try labels("info(up)") == [Labels(["__name__": "up", "job": "api", "instance": "a", "version": "1.2"]),
                                           Labels(["__name__": "up", "job": "api", "instance": "b"])])
        // A data matcher that rejects the empty value drops the series without a match.
        #expect(try labels("info(up, {version=~\".+\"})") == [Labels(["__name__": "up", "job": "api", "instance": "a", "version": "1.2"])])
    }
}
