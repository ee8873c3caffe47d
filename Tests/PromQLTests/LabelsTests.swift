import Testing
@testable import PromQL

@Suite struct LabelsTests {
    @Test func sortedAndEmptyValuesDropped() {
        let l = Labels(["b": "2", "a": "1", "__name__": "up", "empty": ""])
        #expect(l.items.map(\.name) == ["__name__", "a", "b"])
        #expect(l.description == #"up{a="1", b="2"}"#)
    }

    @Test func escapesValues() {
        let l = Labels(["x": "a\"b\\c\nd"])
        #expect(l.description == #"{x="a\"b\\c\nd"}"#)
    }
}
