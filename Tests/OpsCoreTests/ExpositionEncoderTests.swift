import Testing
@testable import OpsCore

@Suite struct ExpositionEncoderTests {
    @Test func labelValuesEscapeBackslashQuoteAndNewlineAndKeepUTF8() {
        let family = MetricFamily(name: "m", help: "h", type: .gauge,
                                  samples: [Sample([("v", "a\\b\"c\nd ünï 🚀")], 1)])
        for format in [ExpositionFormat.prometheusText, .openMetrics] {
            let text = ExpositionEncoder.encode([family], format: format)
            #expect(text.contains(#"m{v="a\\b\"c\nd ünï 🚀"} 1"#))
            // The sample stays on one line.
            #expect(text.split(separator: "\n").filter { $0.hasPrefix("m{") }.count == 1)
        }
    }

    @Test func helpEscapingDiffersByFormat() {
        let family = MetricFamily(name: "m", help: "line1\nback\\slash \"quoted\"", type: .gauge, samples: [Sample(value: 0)])
        let text = ExpositionEncoder.encode([family], format: .prometheusText)
        #expect(text.contains(#"# HELP m line1\nback\\slash "quoted""#))
        let openMetrics = ExpositionEncoder.encode([family], format: .openMetrics)
        #expect(openMetrics.contains(#"# HELP m line1\nback\\slash \"quoted\""#))
    }

    @Test func specialValues() {
        #expect(ExpositionEncoder.formatValue(.nan) == "NaN")
        #expect(ExpositionEncoder.formatValue(.infinity) == "+Inf")
        #expect(ExpositionEncoder.formatValue(-.infinity) == "-Inf")
        #expect(ExpositionEncoder.formatValue(42) == "42")
        #expect(ExpositionEncoder.formatValue(-0.25) == "-0.25")
        #expect(Double(ExpositionEncoder.formatValue(1.5e300)) == 1.5e300)
    }

    @Test func counterNamingPerFormat() {
        let counter = MetricFamily(name: "calls_total", help: "Calls.", type: .counter, samples: [Sample([("m", "get")], 3)])
        let text = ExpositionEncoder.encode([counter], format: .prometheusText)
        #expect(text == """
            # HELP calls_total Calls.
            # TYPE calls_total counter
            calls_total{m="get"} 3

            """)
        let openMetrics = ExpositionEncoder.encode([counter], format: .openMetrics)
        #expect(openMetrics == """
            # HELP calls Calls.
            # TYPE calls counter
            calls_total{m="get"} 3
            # EOF

            """)
    }

    @Test func familiesAreMergedContiguousAndSorted() {
        let families = [
            MetricFamily(name: "b", help: "B.", type: .gauge, samples: [Sample([("k", "2")], 2)]),
            MetricFamily(name: "a", help: "A.", type: .gauge, samples: [Sample(value: 1)]),
            MetricFamily(name: "b", help: "B again.", type: .gauge, samples: [Sample([("k", "1")], 1)]),
            // Same name, other type: dropped, never a crash.
            MetricFamily(name: "b", help: "B counter.", type: .counter, samples: [Sample([("k", "3")], 3)]),
            // Exact duplicate label set: the first wins.
            MetricFamily(name: "a", help: "A.", type: .gauge, samples: [Sample(value: 9)]),
        ]
        let text = ExpositionEncoder.encode(families, format: .prometheusText)
        #expect(text == """
            # HELP a A.
            # TYPE a gauge
            a 1
            # HELP b B.
            # TYPE b gauge
            b{k="1"} 1
            b{k="2"} 2

            """)
        // Stable: families without conflicts encode identically in any input order.
        let compatible = [families[0], families[1],
                          MetricFamily(name: "b", help: "B.", type: .gauge, samples: [Sample([("k", "1")], 1)])]
        #expect(ExpositionEncoder.encode(compatible.reversed(), format: .prometheusText)
                    == ExpositionEncoder.encode(compatible, format: .prometheusText))
    }

    @Test func untypedIsUnknownInOpenMetrics() {
        let family = MetricFamily(name: "u", help: "U.", type: .untyped, samples: [Sample(value: 1)])
        #expect(ExpositionEncoder.encode([family], format: .openMetrics).contains("# TYPE u unknown\n"))
        #expect(ExpositionEncoder.encode([family], format: .prometheusText).contains("# TYPE u untyped\n"))
    }

    @Test func acceptHeaderNegotiation() {
        // What Prometheus 2.x sends.
        let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        #expect(ExpositionFormat.negotiate(accept: prometheus) == .openMetrics)
        #expect(ExpositionFormat.negotiate(accept: nil) == .prometheusText)
        #expect(ExpositionFormat.negotiate(accept: "*/*") == .prometheusText)
        #expect(ExpositionFormat.negotiate(accept: "text/plain;version=0.0.4") == .prometheusText)
        #expect(ExpositionFormat.negotiate(accept: "text/plain, application/openmetrics-text;q=0.2") == .prometheusText)
        #expect(ExpositionFormat.negotiate(accept: "application/openmetrics-text; version=1.0.0") == .openMetrics)
    }

    @Test func metricAndLabelNameRules() {
        #expect(MetricNaming.isValidMetricName("gmail_api_calls_total"))
        #expect(MetricNaming.isValidMetricName("ns:rule_name"))
        #expect(!MetricNaming.isValidMetricName("9lives"))
        #expect(!MetricNaming.isValidMetricName("has-dash"))
        #expect(MetricNaming.isValidLabelName("error_reason"))
        #expect(!MetricNaming.isValidLabelName("__reserved"))
        #expect(!MetricNaming.isValidLabelName("a:b"))
    }
}
