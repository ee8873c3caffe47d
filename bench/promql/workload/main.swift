// Engine workload benchmark: typical alerting-rule expressions over a generated store,
// evaluated as range queries (one evaluation per step, like a rule evaluated every 15s).
//   promql-workload SERIES POINTS
import Foundation

let args = CommandLine.arguments
let nSeries = args.count > 1 ? Int(args[1]) ?? 200 : 200
let nPoints = args.count > 2 ? Int(args[2]) ?? 2880 : 2880   // 12h at 15s
let store = SeriesStore()
for i in 0..<nSeries {
    let labels = Labels(["__name__": "http_requests_total", "job": "job\(i % 10)", "instance": "i\(i)",
                         "code": i % 7 == 0 ? "500" : "200"])
    var v = 0.0
    for p in 0..<nPoints {
        v += Double((i * 7 + p * 13) % 11)
        if p % 997 == 996 { v = 0 }   // counter reset now and then
        store.append(labels, timestamp: Int64(p) * 15_000, value: v)
    }
    let up = Labels(["__name__": "up", "job": "job\(i % 10)", "instance": "i\(i)"])
    for p in 0..<nPoints { store.append(up, timestamp: Int64(p) * 15_000, value: (p / 100 + i) % 13 == 0 ? 0 : 1) }
}
let exprs = [
    #"sum by (job) (rate(http_requests_total{code="500"}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.01"#,
    "up == 0",
    "avg_over_time(up[10m]) < 0.9",
    #"histogram_quantile(0.9, sum by (le) (rate(http_requests_total[5m])))"#,
    "increase(http_requests_total[1h]) > 1000 and on(instance) up == 1",
]
let engine = Engine()
let end = Int64(nPoints - 1) * 15_000
var total = 0
let clock = ContinuousClock()
let start = clock.now
for e in exprs {
    let expr = try parse(e)
    let t0 = clock.now
    let r = try engine.rangeQuery(expr, start: 0, end: end, stepMs: 15_000, store: store)
    total += r.reduce(0) { $0 + $1.points.count }
    print("\(clock.now - t0)\t\(r.count) series\t\(e)")
}
print("total \(clock.now - start) for \(exprs.count) range queries x \(nPoints) steps over \(nSeries * 2) series; \(total) output points")
