import Manifests
import Testing

/// Collections larger and deeper than the composer's scratch stacks start with (64 entries,
/// 32 items, 64 keys; more than 16 keys switch duplicate detection to a table), and anchored keys,
/// which are the only keys made into nodes: every entry keeps its order, text and place.
@Suite("loading large and deep collections")
struct LargeCollectionTests {
    @Test("300 keys and 300 items keep their order, text and place")
    func wideCollections() throws {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\ndata:\n"
        for index in 0..<300 { text += "  key\(index): value-\(index)\n" }
        text += "list:\n"
        for index in 0..<300 { text += "- item-\(index)\n" }
        let loaded = Fixtures.load(text: text)
        #expect(loaded.findings.isEmpty)
        let object = try #require(loaded.objects.first)
        let entries = try #require(object.node(at: "data")?.entries)
        #expect(entries.map(\.key) == (0..<300).map { "key\($0)" })
        #expect(entries.map { $0.value.text ?? "" } == (0..<300).map { "value-\($0)" })
        #expect(entries[299].keyPosition == Position(line: 304, column: 3))
        #expect(entries[299].value.position == Position(line: 304, column: 11))
        let items = try #require(object.node(at: "list")?.items)
        #expect(items.map { $0.text ?? "" } == (0..<300).map { "item-\($0)" })
        #expect(items[150].position == Position(line: 456, column: 3))
    }

    @Test("100 levels of nested mappings and lists compose with every level in place")
    func deepCollections() throws {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n"
        var indent = "  "
        for level in 0..<50 {
            text += "\(indent)m\(level):\n\(indent)  - first: \(level)\n"
            indent += "    "
        }
        text += "\(indent)leaf: end\n"
        let loaded = Fixtures.load(text: text)
        #expect(loaded.findings.isEmpty)
        let object = try #require(loaded.objects.first)
        var node = try #require(object.node(at: "data"))
        for level in 0..<50 {
            let list = try #require(node["m\(level)"]?.items)
            #expect(list.count == 1)
            #expect(list[0]["first"]?.int == level)
            node = list[0]
        }
        #expect(node["leaf"]?.text == "end")
    }

    @Test("a key repeated among 300 keys is reported at the repeat")
    func duplicateAmongManyKeys() throws {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\ndata:\n"
        for index in 0..<300 { text += "  key\(index): v\n" }
        text += "  key150: again\n"
        let loaded = Fixtures.load(text: text)
        #expect(loaded.findings.map { "\($0.location.line):\($0.location.column) \($0.checkID)" } == ["305:3 duplicate-key"])
        #expect(loaded.findings.first?.message.contains("first at line 155, column 3") == true)
    }

    @Test("an anchored key is a node an alias can reuse, resolved like a plain scalar")
    func anchoredKey() throws {
        let loaded = Fixtures.load(text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: k}\ndata:\n  &port 8080: a\n  b: *port\n  \"c\": d\n")
        #expect(loaded.findings.isEmpty)
        let data = try #require(loaded.objects.first?.node(at: "data"))
        #expect(data.entries?.map(\.key) == ["8080", "b", "c"])
        #expect(data["b"]?.int == 8080)
        #expect(data["b"]?.position.line == 5)
        #expect(data.entry("c")?.keyPosition == Position(line: 7, column: 3))
    }
}
