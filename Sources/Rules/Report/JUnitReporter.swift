import XMLText

/// JUnit XML for `--junit FILE`: one testsuite per test file, one testcase per test group.
public enum JUnitReporter {
    public static func render(_ report: RulesTestReport) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        for f in report.files {
            let failures = f.groups.filter { !$0.passed }.count + (f.fileError == nil ? 0 : 1)
            s += "  <testsuite name=\"\(xml(f.path))\" tests=\"\(f.groups.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
            if let e = f.fileError {
                s += "    <testcase name=\"\(xml(f.path))\"><failure message=\"\(xml(e))\"></failure></testcase>\n"
            }
            for g in f.groups {
                s += "    <testcase name=\"\(xml(g.name))\" time=\"\(g.durationSeconds)\""
                if g.passed { s += "></testcase>\n"; continue }
                s += ">\n"
                for e in g.errors { s += "      <failure message=\"\(xml(e))\"></failure>\n" }
                s += "    </testcase>\n"
            }
            s += "  </testsuite>\n"
        }
        return s + "</testsuites>\n"
    }

    /// Every text here goes into an attribute value.
    static func xml(_ s: String) -> String { XMLText.escape(s, for: .attribute) }
}
