/// Renders a test report the way promtool prints it (stdout and stderr parts kept apart),
/// then the `N passed, N failed` summary and, on request, coverage.
public enum TestTextReporter {
    public struct Output: Sendable { public var stdout: String; public var stderr: String }

    public static func render(_ report: RulesTestReport, coverage: Bool) -> Output {
        var out = "", err = ""
        for f in report.files {
            out += "Unit Testing:  \(f.path)\n"
            for w in f.warnings { err += "  WARNING: \(w)\n" }
            if let e = f.fileError {
                err += "  FAILED:\n\(e)\n"
            } else if f.passed {
                out += "  SUCCESS\n"
            } else {
                err += "  FAILED:\n"
                for g in f.groups where !g.passed {
                    for e in g.errors { err += e + "\n\n" }
                }
            }
            out += "\n"
        }
        if coverage {
            out += "Coverage:\n"
            if report.coverage.neverFired.isEmpty && report.coverage.neverEvaluated.isEmpty {
                out += "  every alerting rule fired in some test and every rule was evaluated\n"
            }
            for r in report.coverage.neverFired {
                out += "  never fired: alert \(r.name) (\(r.file), group \(r.group))\n"
            }
            for r in report.coverage.neverEvaluated {
                out += "  never evaluated: \(r.isAlert ? "alert" : "record") \(r.name) (\(r.file), group \(r.group))\n"
            }
            out += "\n"
        }
        out += "\(report.passedGroups) passed, \(report.failedGroups) failed\n"
        return Output(stdout: out, stderr: err)
    }
}
