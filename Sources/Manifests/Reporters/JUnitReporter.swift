import XMLText

/// JUnit XML for CI test tabs: one test suite per file, one test case per object (plus one for the
/// file itself when it has file-level findings). Findings at or above `--fail-on` are failures;
/// lower ones go to the test case's system-out.
public struct JUnitReporter: Sendable {
    public init() {}

    public func render(_ result: RunResult) -> String {
        var byFile: [String: [Finding]] = [:]
        for finding in result.findings { byFile[finding.location.file, default: []].append(finding) }
        var objectsByFile: [String: [RunResult.ObjectRef]] = [:]
        for object in result.objects { objectsByFile[object.file, default: []].append(object) }

        var suites = ""
        var totalTests = 0
        var totalFailures = 0
        for file in result.files {
            let findings = byFile[file] ?? []
            let objects = objectsByFile[file] ?? []
            var cases: [(name: String, findings: [Finding])] = []
            var claimed = Set<Int>()
            for object in objects {
                var mine: [Finding] = []
                for (index, finding) in findings.enumerated() where !claimed.contains(index) && finding.object == object.name {
                    mine.append(finding)
                    claimed.insert(index)
                }
                cases.append(("\(object.name) (line \(object.line))", mine))
            }
            let rest = findings.enumerated().filter { !claimed.contains($0.offset) }.map(\.element)
            if !rest.isEmpty || objects.isEmpty { cases.insert(("file", rest), at: 0) }

            var body = ""
            var failures = 0
            for testCase in cases {
                let failing = testCase.findings.filter { $0.severity >= result.failOn }
                let other = testCase.findings.filter { $0.severity < result.failOn }
                body += "    <testcase classname=\"\(Self.attribute(file))\" name=\"\(Self.attribute(testCase.name))\""
                if failing.isEmpty, other.isEmpty { body += "/>\n"; continue }
                body += ">\n"
                if !failing.isEmpty {
                    failures += 1
                    let text = failing.map(Self.line).joined(separator: "\n")
                    let first = failing[0]
                    body += "      <failure type=\"\(Self.attribute(first.checkID))\" message=\"\(Self.attribute(first.message))\">\(Self.content(text))</failure>\n"
                }
                if !other.isEmpty {
                    body += "      <system-out>\(Self.content(other.map(Self.line).joined(separator: "\n")))</system-out>\n"
                }
                body += "    </testcase>\n"
            }
            totalTests += cases.count
            totalFailures += failures
            suites += "  <testsuite name=\"\(Self.attribute(file))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\">\n\(body)  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"opsctl check-manifests\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\">\n\(suites)</testsuites>\n"
    }

    static func line(_ finding: Finding) -> String {
        "\(finding.location): \(finding.severity.rawValue) \(finding.checkID): \(finding.message)" + (finding.fix.isEmpty ? "" : " (fix: \(finding.fix))")
    }

    static func attribute(_ text: String) -> String { XMLText.escape(text, for: .attribute) }
    static func content(_ text: String) -> String { XMLText.escape(text, for: .content) }
}
