import Testing
@testable import PromQL

/// Warnings and infos with Prometheus's texts and the position of the sub-expression.
@Suite struct AnnotationTests {
    func store() -> SeriesStore {
        let s = SeriesStore()
        for i in 0...10 {
            s.append(Labels(["__name__": "requests", "job": "a"]), timestamp: Int64(i) * 60_000, value: Double(i * 10))
            s.append(Labels(["__name__": "requests_total", "job": "a"]), timestamp: Int64(i) * 60_000, value: Double(i * 10))
            s.append(Labels(["__name__": "lat_bucket", "le": "0.5"]), timestamp: Int64(i) * 60_000, value: Double(i))
            s.append(Labels(["__name__": "lat_bucket", "le": "+Inf"]), timestamp: Int64(i) * 60_000, value: Double(2 * i))
            s.append(Labels(["__name__": "lat_bucket", "le": "fast"]), timestamp: Int64(i) * 60_000, value: Double(i))
        }
        return s
    }

    func instant(_ q: String, at t: Int64 = 600_000) throws -> [String] {
        let a = Annotations()
        _ = try Engine().instantQuery(try parse(q, features: .all), at: t, store: store(), annotations: a)
        return a.items.map(\.description)
    }

    @Test func rateOfAMetricNotNamedLikeACounter() throws {
        #expect(try instant("sum(rate(requests[5m]))") == [
            "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"requests\" (1:10)",
        ])
        #expect(try instant("rate(requests_total[5m])") == [])
        #expect(try instant("delta(requests[5m])") == [])
    }

    @Test func quantilesAndRatiosOutOfRange() throws {
        #expect(try instant("quantile(1.5, requests)") == ["PromQL warning: quantile value should be between 0 and 1, got 1.5 (1:10)"])
        #expect(try instant("quantile_over_time(-1, requests[5m])") == ["PromQL warning: quantile value should be between 0 and 1, got -1 (1:20)"])
        #expect(try instant("quantile(0.5, requests)") == [])
        #expect(try instant("count(limit_ratio(1.1, requests))") == [
            "PromQL warning: ratio value should be between -1 and 1, got 1.1, capping to 1 (1:19)",
        ])
    }

    @Test func classicHistogramBucketLabelThatDoesNotParse() throws {
        #expect(try instant("histogram_quantile(0.9, lat_bucket)") == [
            "PromQL warning: bucket label \"le\" is missing or has a malformed value of \"fast\" for metric name \"lat_bucket\" (1:25)",
        ])
    }

    @Test func sortInARangeQueryWarnsOnceNotPerStep() throws {
        let a = Annotations()
        _ = try Engine().rangeQuery(try parse("sum(sort(requests))"), start: 0, end: 600_000, stepMs: 60_000, store: store(), annotations: a)
        #expect(a.items.map(\.description) == ["PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:5)"])
        #expect(try instant("sort(requests)") == [])
    }

    @Test func staticAnnotationsFromTheTextAlone() throws {
        let found = staticAnnotations(of: try parse("rate(requests[5m]) > quantile(2, x)"))
        #expect(found.map(\.description) == [
            "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"requests\" (1:6)",
            "PromQL warning: quantile value should be between 0 and 1, got 2 (1:31)",
        ])
    }
}
