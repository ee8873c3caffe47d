import Foundation
import Manifests

/// Access to the test fixtures (Tests/ManifestsTests/Fixtures, copied as a resource).
enum Fixtures {
    static var root: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil) ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static func url(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relative)))
    }

    /// Loads a fixture with the real loader; `file` is the name findings carry.
    static func load(_ relative: String) throws -> ManifestLoader.Result {
        ManifestLoader().load(bytes: try bytes(relative), file: relative)
    }

    /// Loads YAML text given inline.
    static func load(text: String, file: String = "inline.yaml") -> ManifestLoader.Result {
        ManifestLoader().load(bytes: Array(text.utf8), file: file)
    }

    /// Lines marked `# expect: id[,id]` in a fixture: [line: [ids]].
    static func expectations(_ relative: String) throws -> [Int: [String]] {
        let text = String(decoding: try bytes(relative), as: UTF8.self)
        var result: [Int: [String]] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let range = line.range(of: "# expect: ") else { continue }
            let ids = line[range.upperBound...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            result[index + 1, default: []].append(contentsOf: ids)
        }
        return result
    }
}
