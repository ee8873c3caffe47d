import PromQL

/// Identifies one rule across a test run (for coverage).
public struct RuleReference: Sendable, Hashable, Comparable {
    public var file: String
    public var group: String
    public var index: Int
    public var name: String
    public var isAlert: Bool
    public static func < (a: RuleReference, b: RuleReference) -> Bool {
        (a.file, a.group, a.index) < (b.file, b.group, b.index)
    }
}

/// Evaluates loaded rule groups at one timestamp the way Prometheus's rule manager does:
/// recording rules write their result back to the store, alerting rules run the alert
/// state machine and write ALERTS / ALERTS_FOR_STATE, and series that vanish get stale markers.
final class RuleEvaluator {
    struct LoadedRule {
        var reference: RuleReference
        var rule: Rule
        var expr: Expr
        var alerts = AlertState()
        var previousSeries: Set<Labels> = []
    }

    let store: SeriesStore
    let engine: Engine
    let externalLabels: [String: String]
    let externalURL: String
    var groups: [[LoadedRule]]
    /// Features for the expressions of `query` template calls.
    var features: PromQLFeatures = []
    var evaluated: Set<RuleReference> = []
    var fired: Set<RuleReference> = []

    init(groups: [[LoadedRule]], store: SeriesStore, engine: Engine,
         externalLabels: [String: String], externalURL: String) {
        self.groups = groups; self.store = store; self.engine = engine
        self.externalLabels = externalLabels; self.externalURL = externalURL
    }

    /// Runs every group once at `ts`; returns promtool-style error lines for rules that failed.
    func evaluate(at ts: Int64, sinceEpochMs: Int64) -> [String] {
        var errors: [String] = []
        for g in groups.indices {
            for r in groups[g].indices {
                do {
                    try evaluate(&groups[g][r], at: ts)
                } catch {
                    errors.append("    rule: \(groups[g][r].rule.name.value), time: \(GoText.goDuration(sinceEpochMs)), err: \(error)")
                }
            }
        }
        return errors
    }

    func instantVector(_ expr: Expr, at ts: Int64) throws -> [Sample] {
        switch try engine.instantQuery(expr, at: ts, store: store) {
        case .vector(let v): return v
        case .scalar(let t, let v): return [Sample(labels: Labels(), timestamp: t, value: v)]
        default: throw EvaluationError("rule result is not a vector or scalar")
        }
    }

    func evaluate(_ lr: inout LoadedRule, at ts: Int64) throws {
        evaluated.insert(lr.reference)
        let samples = try instantVector(lr.expr, at: ts)
        var output: [Labels: Double] = [:]
        var histograms: [Labels: FloatHistogram] = [:]   // recorded native histogram results
        switch lr.rule.kind {
        case .recording:
            for s in samples {
                var d = s.labels.dictionary
                d["__name__"] = lr.rule.name.value
                for l in lr.rule.labels { d[l.name] = l.value.value.isEmpty ? nil : l.value.value }
                let labels = Labels(d)
                guard output[labels] == nil else {
                    throw EvaluationError("vector contains metrics with the same labelset after applying rule labels")
                }
                output[labels] = s.value
                if let h = s.histogram { histograms[labels] = h }
            }
        case .alerting:
            var results: [Labels: (value: Double, annotations: Labels)] = [:]
            for s in samples {
                var base = s.labels.dictionary
                base["__name__"] = nil
                let data = TemplateData(labels: base, externalLabels: externalLabels, externalURL: externalURL, value: s.value,
                                        histogramText: s.histogram?.goString)
                let context = TemplateContext(data: data, timestampMs: ts, query: queryFunction(at: ts))
                func expand(_ text: String) -> String {
                    do { return try TemplateExecutor.expand(text, context: context) } catch {
                        return "<error expanding template: \(error)>"
                    }
                }
                var d = base
                for l in lr.rule.labels {
                    let v = expand(l.value.value)
                    d[l.name] = v.isEmpty ? nil : v
                }
                d["alertname"] = lr.rule.name.value
                let labels = Labels(d)
                let annotations = Labels(lr.rule.annotations.map { Label($0.name, expand($0.value.value)) })
                guard results[labels] == nil else {
                    throw EvaluationError("vector contains metrics with the same labelset after applying alert labels")
                }
                results[labels] = (s.value, annotations)
            }
            lr.alerts.update(results: results, at: ts, forMs: lr.rule.forMs, keepFiringForMs: lr.rule.keepFiringForMs)
            for a in lr.alerts.pendingOrFiring {
                if a.state == .firing { fired.insert(lr.reference) }
                var d = a.labels.dictionary
                d["__name__"] = "ALERTS"
                d["alertstate"] = a.state.rawValue
                output[Labels(d)] = 1
                d["__name__"] = "ALERTS_FOR_STATE"
                d["alertstate"] = nil
                output[Labels(d)] = Double(a.activeAtMs / 1000)
            }
        }
        for (labels, value) in output {
            if let h = histograms[labels] {
                store.append(labels, timestamp: ts, histogram: h)
            } else {
                store.append(labels, timestamp: ts, value: value)
            }
        }
        for gone in lr.previousSeries where output[gone] == nil {
            store.append(gone, timestamp: ts, value: staleNaN)
        }
        lr.previousSeries = Set(output.keys)
    }

    /// The `query` template function: a PromQL instant query on the test's series at `ts`.
    func queryFunction(at ts: Int64) -> @Sendable (String) throws -> [TemplateSample] {
        let engine = self.engine, store = self.store, features = self.features
        return { text in
            let expr = try PromQL.parse(text, features: features)
            let value = try engine.instantQuery(expr, at: ts, store: store)
            switch value {
            case .vector(let v): return v.map { TemplateSample(labels: $0.labels.dictionary, value: $0.value) }
            case .scalar(_, let v): return [TemplateSample(labels: [:], value: v)]
            default: throw EvaluationError("query result is not a vector or scalar")
            }
        }
    }
}
