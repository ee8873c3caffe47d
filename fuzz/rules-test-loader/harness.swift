// libFuzzer entry point for the promtool test-file loader and everything a test file
// reaches before evaluation: YAML -> typed test file -> series notation -> metric notation,
// plus the rule-file loader and template parser on the same bytes.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let file = try? TestFileLoader().load(path: "fuzz.yml", text: text) {
        for group in file.tests {
            for s in group.inputSeries {
                _ = try? MetricNotation.parse(s.series)
                _ = try? SeriesNotation.expand(s.values).count
            }
            for t in group.exprTests { for e in t.expected { _ = try? MetricNotation.parse(e.labels) } }
        }
    }
    _ = RuleFileLoader().load(path: "fuzz.yml", text: text).findings.count
    _ = try? Template.parse(text)
    return 0
}
