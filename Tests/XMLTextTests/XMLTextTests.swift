import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import XMLText

@Suite struct XMLTextTests {
    @Test func theFiveSpecialsBecomeEntities() {
        for place in [XMLText.Place.attribute, .content] {
            #expect(XMLText.escape(#"a & b < c > d "e" 'f'"#, for: place) == "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;")
        }
    }

    @Test func controlCharactersXMLCannotCarryBecomeAQuestionMark() {
        let forbidden = (0..<0x20).filter { ![0x09, 0x0A, 0x0D].contains($0) }.compactMap(Unicode.Scalar.init).map(String.init)
        #expect(forbidden.count == 29)
        for place in [XMLText.Place.attribute, .content] {
            for character in forbidden {
                #expect(XMLText.escape("a\(character)b", for: place) == "a?b")
            }
            #expect(XMLText.escape("x\u{FFFE}y\u{FFFF}z", for: place) == "x?y?z")
        }
    }

    @Test func tabLineFeedAndCarriageReturnAreKept() {
        #expect(XMLText.escape("a\tb\nc\rd", for: .attribute) == "a&#x9;b&#xA;c&#xD;d")
        #expect(XMLText.escape("a\tb\nc\rd", for: .content) == "a\tb\nc&#xD;d")
    }

    @Test func nonASCIIIsKeptAsIs() {
        let text = "café — 🚀 日本 \u{7F}\u{85}\u{2028}\u{FFFD}"
        #expect(XMLText.escape(text, for: .attribute) == text)
        #expect(XMLText.escape(text, for: .content) == text)
    }

    /// What a real parser reads back: the same text, except the characters XML cannot carry.
    @Test func aParserReadsBackTheOriginalText() throws {
        let awkward = (0..<0x80).compactMap(Unicode.Scalar.init).map(String.init).joined() + "é 🚀 \u{FFFE} \r\n end"
        let expected = String(String.UnicodeScalarView(awkward.unicodeScalars.map {
            ($0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value)) || $0.value == 0xFFFE ? "?" : $0
        }))
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r a=\"\(XMLText.escape(awkward, for: .attribute))\">\(XMLText.escape(awkward, for: .content))</r>"
        let document = try XMLDocument(xmlString: xml)
        let root = try #require(document.rootElement())
        #expect(root.attribute(forName: "a")?.stringValue == expected)
        #expect(root.stringValue == expected)
    }
}
