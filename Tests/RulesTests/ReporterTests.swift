import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Rules

@Suite struct ReporterTests {
    let finding = Finding(file: "a.yaml", position: FilePosition(line: 3, column: 9), severity: .error,
                          id: "promql/syntax", message: "could not parse expression: unexpected end of input",
                          sourceLine: "    expr: sum(")

    @Test func textNamesThePlaceAndShowsTheLine() {
        let text = FindingTextReporter.render([finding])
        #expect(text.hasPrefix("a.yaml:3:9: error promql/syntax: could not parse expression"))
        #expect(text.contains("    expr: sum(\n"))
        #expect(text.contains("\n            ^\n"))
    }

    @Test func jsonIsAnArrayOfFindings() throws {
        let data = Data(FindingJSONReporter.render([finding]).utf8)
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows[0]["line"] as? Int == 3)
        #expect(rows[0]["id"] as? String == "promql/syntax")
    }

    @Test func junitHasAFailurePerFailingGroup() throws {
        let report = RulesTestReport(files: [TestFileResult(path: "t.yml", fileError: nil, warnings: [], groups: [
            TestGroupResult(name: "ok", errors: [], durationSeconds: 0.1),
            TestGroupResult(name: "bad <one>", errors: ["exp: 1\ngot: 2"], durationSeconds: 0.2),
        ])], coverage: RuleCoverage(neverFired: [], neverEvaluated: []))
        let xml = JUnitReporter.render(report)
        #expect(xml.contains("tests=\"2\" failures=\"1\""))
        #expect(xml.contains("name=\"bad &lt;one&gt;\""))
        #expect(xml.contains("exp: 1&#xA;got: 2"))
        let problem = try StrictXML.error(in: xml)
        #expect(problem == nil)
        #expect(TestTextReporter.render(report, coverage: false).stdout.hasSuffix("1 passed, 1 failed\n"))
    }

    /// A test name with a control character (an ANSI colour code pasted from a terminal, a NUL)
    /// used to make invalid XML that CI systems reject. (Label values are Go-quoted: `"api\x07"`.)
    @Test func junitIsWellFormedWhenATestNameHasControlCharacters() throws {
        let report = try RulesTestRunnerTests().run(#"""
        rule_files: [rules.yaml]
        evaluation_interval: 1m
        tests:
          - name: "api \e[31mdown\e[0m \0end"
            interval: 1m
            input_series:
              - series: 'errors_total{job="api", instance="a"}'
                values: '0+60x10'
            alert_rule_test:
              - eval_time: 7m
                alertname: HighErrorRate
                exp_alerts:
                  - exp_labels: {job: api, severity: page, team: nobody}
        """#)
        #expect(report.files.first?.groups.first?.name == "api \u{1B}[31mdown\u{1B}[0m \u{0}end")
        let xml = JUnitReporter.render(report)
        let problem = try StrictXML.error(in: xml)
        #expect(problem == nil)
        let document = try XMLDocument(xmlString: xml)
        let testcase = try #require(try document.nodes(forXPath: "//testcase").first as? XMLElement)
        #expect(testcase.attribute(forName: "name")?.stringValue == "api ?[31mdown?[0m ?end")
        let failures = try document.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 1)
        let message = try #require((failures.first as? XMLElement)?.attribute(forName: "message")?.stringValue)
        #expect(message.contains("name: api ?[31mdown?[0m ?end,\n"))
        #expect(message.contains(#"team="nobody""#))
    }
}

@Suite struct LongLineTests {
    @Test func longSourceLinesAreCutAroundTheColumn() {
        let line = String(repeating: "[", count: 20_000)
        let f = Finding(file: "d.yml", position: FilePosition(line: 1, column: 10_000), severity: .error,
                        id: "yaml/syntax", message: "too deep", sourceLine: line)
        let text = FindingTextReporter.render([f])
        #expect(text.count < 400)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        // the caret sits under a character of the shown window
        #expect(lines[2].count <= lines[1].count)
    }
}
