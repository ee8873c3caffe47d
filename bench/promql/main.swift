// Standalone conformance runner for benchmarking: the PromQL sources and the test target's
// ConformanceRunner compiled into one optimised binary (see conformance.sh).
//   promql-conformance [DIR] [FILE]
import Foundation

let args = CommandLine.arguments
let dir = args.count > 1 ? args[1] : "../shared/conformance/promql"
let only = args.count > 2 ? args[2] : nil
let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".test") }.sorted()
var passed = 0, failed = 0, skipped = 0
for file in files where only == nil || file == only {
    let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
    let r = ConformanceRunner().run(file: file, text: text)
    passed += r.passed; failed += r.failed; skipped += r.skipped
    print("\(file): \(r.passed) passed, \(r.failed) failed, \(r.skipped) skipped\(r.fileSkipReason.map { " (whole file: \($0))" } ?? "")")
    let verbose = ProcessInfo.processInfo.environment["VERBOSE"] != nil
    for l in r.log where verbose || l.contains("FAIL") { print(l) }
}
print("conformance: \(passed) passed, \(failed) failed, \(skipped) skipped")
exit(failed == 0 ? 0 : 1)
