import PromQL

/// Runs one test group of a promtool test file: loads its input series, evaluates the
/// rule groups at every evaluation step from the start to the last `eval_time`, checks
/// alert expectations at their step, then the PromQL expectations.
struct TestGroupRunner {
    let group: TestGroup
    let file: UnitTestFile
    let rules: [[RuleEvaluator.LoadedRule]]
    let showDiff: Bool
    var features: PromQLFeatures = []

    /// Bounds the evaluation loop (eval_time / evaluation_interval) so a typo cannot hang a CI job.
    static let maxSteps: Int64 = 5_000_000

    struct Outcome {
        var errors: [String]
        var evaluated: Set<RuleReference>
        var fired: Set<RuleReference>
    }

    func run() -> Outcome {
        var errors: [String] = []
        let nameLine = group.name.map { "    name: \($0),\n" } ?? ""
        let interval = group.intervalMs ?? file.evaluationIntervalMs
        let evalInterval = file.evaluationIntervalMs
        let mint = group.startTimestampMs
        let store = SeriesStore()
        // Input series.
        for s in group.inputSeries {
            let labels: Labels
            let values: [SampleValue?]
            do { labels = try MetricNotation.parse(s.series) } catch {
                return Outcome(errors: ["    \(file.path):\(s.position.line):\(s.position.column): series \(GoText.quote(s.series)): \(error)"], evaluated: [], fired: [])
            }
            do { values = try SeriesNotation.expandValues(s.values) } catch {
                return Outcome(errors: ["    \(file.path):\(s.position.line):\(s.position.column): values of \(s.series): \(error)"], evaluated: [], fired: [])
            }
            for (i, v) in values.enumerated() {
                switch v {
                case .float(let f)?: store.append(labels, timestamp: mint + Int64(i) * interval, value: f)
                case .histogram(let h)?: store.append(labels, timestamp: mint + Int64(i) * interval, histogram: h)
                case nil: break
                }
            }
        }
        let evaluator = RuleEvaluator(groups: rules, store: store, engine: Engine(defaultSubqueryStepMs: evalInterval),
                                      externalLabels: group.externalLabels, externalURL: group.externalURL)
        evaluator.features = features
        // Alert expectations by eval time.
        var alertTests: [Int64: [AlertTestCase]] = [:]
        for a in group.alertTests {
            if a.alertname.isEmpty {
                return Outcome(errors: ["    \(file.path):\(a.position.line):\(a.position.column): alertname can't be empty"], evaluated: [], fired: [])
            }
            alertTests[a.evalTimeMs, default: []].append(a)
        }
        let alertTimes = alertTests.keys.sorted()
        let maxEval = max(alertTimes.last ?? 0, group.exprTests.map(\.evalTimeMs).max() ?? 0)
        guard maxEval / evalInterval <= Self.maxSteps else {
            return Outcome(errors: ["    eval_time \(PromDuration.format(maxEval)) needs more than \(Self.maxSteps) evaluation steps at evaluation_interval \(PromDuration.format(evalInterval))"],
                           evaluated: [], fired: [])
        }
        var current = 0
        var ts = mint
        while ts <= mint + maxEval {
            let evalErrors = evaluator.evaluate(at: ts, sinceEpochMs: ts)
            if !evalErrors.isEmpty {
                return Outcome(errors: errors + evalErrors, evaluated: evaluator.evaluated, fired: evaluator.fired)
            }
            while current < alertTimes.count, ts - mint <= alertTimes[current], alertTimes[current] < ts + evalInterval - mint {
                let t = alertTimes[current]
                let names = Set(alertTests[t, default: []].map(\.alertname))
                var got: [String: [AlertView]] = [:]
                for g in evaluator.groups {
                    for r in g where r.rule.kind == .alerting && names.contains(r.rule.name.value) {
                        got[r.rule.name.value, default: []] += r.alerts.firing.map { AlertView(labels: $0.labels, annotations: $0.annotations) }
                    }
                }
                for tc in alertTests[t, default: []] {
                    let gotAlerts = (got[tc.alertname] ?? []).sorted()
                    let expAlerts = tc.expected.map { e -> AlertView in
                        var l = e.labels
                        l["alertname"] = tc.alertname
                        return AlertView(labels: Labels(l), annotations: Labels(e.annotations))
                    }.sorted()
                    if expAlerts != gotAlerts {
                        let exp = AlertView.listString(expAlerts).indented("            ")
                        let gotS = AlertView.listString(gotAlerts).indented("            ")
                        var msg = "\(nameLine)    alertname: \(tc.alertname), time: \(PromDuration.format(t)), \n        exp:\(exp), \n        got:\(gotS)"
                        if showDiff { msg += "\n" + LineDiff.render(expected: AlertView.listString(expAlerts), got: AlertView.listString(gotAlerts)) }
                        errors.append(msg)
                    }
                }
                current += 1
            }
            ts += evalInterval
        }
        // PromQL expectations.
        outer: for tc in group.exprTests {
            let at = mint + tc.evalTimeMs
            let header = "    expr: \(GoText.quote(tc.expr)), time: \(PromDuration.format(tc.evalTimeMs))"
            let got: [Sample]
            do {
                let expr = try PromQL.parse(tc.expr, features: features)
                got = try evaluator.instantVector(expr, at: at)
            } catch {
                errors.append("\(header), err: \(error)")
                continue
            }
            var exp: [SampleView] = []
            for s in tc.expected {
                var histogram: String?
                if let text = s.histogram, !text.isEmpty {
                    do { histogram = try HistogramNotation.parseHistogram(text).testExpression } catch {
                        errors.append("\(header), err: histogram \(GoText.quote(text)): \(error)")
                        continue outer
                    }
                }
                do { exp.append(SampleView(labels: try MetricNotation.parse(s.labels), value: s.value, histogram: histogram)) } catch {
                    errors.append("\(header), err: labels \(GoText.quote(s.labels)): \(error)")
                    continue outer
                }
            }
            let gotViews = got.map { SampleView(labels: $0.labels, value: $0.value, histogram: $0.histogram?.testExpression) }
                .sorted { $0.labels < $1.labels }
            exp.sort { $0.labels < $1.labels }
            if !SampleView.equal(exp, gotViews, fuzzy: file.fuzzyCompare) {
                var msg = "\(nameLine)\(header),\n        exp: \(SampleView.listString(exp))\n        got: \(SampleView.listString(gotViews))"
                if showDiff {
                    msg += "\n" + LineDiff.render(expected: exp.map(\.description).joined(separator: "\n"),
                                                  got: gotViews.map(\.description).joined(separator: "\n"))
                }
                errors.append(msg)
            }
        }
        return Outcome(errors: errors, evaluated: evaluator.evaluated, fired: evaluator.fired)
    }
}

/// An alert as compared in tests: labels and annotations.
struct AlertView: Comparable {
    var labels: Labels
    var annotations: Labels
    static func < (a: AlertView, b: AlertView) -> Bool {
        a.labels != b.labels ? a.labels < b.labels : a.annotations < b.annotations
    }
    var description: String { "Labels:\(GoText.labels(labels))\nAnnotations:\(GoText.labels(annotations))" }

    /// promtool's labelsAndAnnotations.String().
    static func listString(_ l: [AlertView]) -> String {
        guard let first = l.first else { return "[]" }
        var s = "[\n0:" + ("\n" + first.description).indented("  ")
        for (i, a) in l.dropFirst().enumerated() {
            s += ",\n\(i + 1):" + ("\n" + a.description).indented("  ")
        }
        return s + "\n]"
    }
}

/// A sample as compared in tests.
struct SampleView {
    var labels: Labels
    var value: Double
    /// A native histogram in promqltest notation (promtool compares these texts).
    var histogram: String? = nil
    var description: String { "\(GoText.labels(labels)) \(histogram ?? GoText.floatE(value))" }

    static func listString(_ l: [SampleView]) -> String {
        l.isEmpty ? "nil" : l.map(\.description).joined(separator: ", ")
    }

    static func equal(_ a: [SampleView], _ b: [SampleView], fuzzy: Bool) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            guard x.labels == y.labels, x.histogram == y.histogram else { return false }
            if x.value == y.value || (x.value.isNaN && y.value.isNaN) { continue }
            // fuzzy_compare: tolerate the last-bit differences float summation order causes.
            if fuzzy, x.value.nextUp == y.value || x.value.nextDown == y.value { continue }
            return false
        }
        return true
    }
}

extension String {
    /// Go's indentLines: prefix every line after a newline.
    func indented(_ prefix: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : prefix + $0.element }.joined(separator: "\n")
    }
}
