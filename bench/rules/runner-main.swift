// The body of `opsctl rules test` without the rest of opsctl (no NIO/Hummingbird), so the
// benchmark binary builds in minutes on a loaded machine: same Rules/PromQL sources, -O -wmo.
import Foundation

@main
struct RulesTestBench {
    static func main() {
        let files = Array(CommandLine.arguments.dropFirst())
        let report = RulesTestRunner().run(files: files)
        let text = TestTextReporter.render(report, coverage: false)
        FileHandle.standardError.write(Data(text.stderr.utf8))
        FileHandle.standardOutput.write(Data(text.stdout.utf8))
        exit(report.passed ? 0 : 1)
    }
}
