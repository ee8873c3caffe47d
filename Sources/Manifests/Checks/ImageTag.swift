/// `image-tag`: every image names a fixed tag or a digest, never `latest` or nothing.
public struct ImageTagCheck: Check {
    public let id = "image-tag"
    public let severity = Severity.error
    public let why = "`latest` or a missing tag makes rollouts unrepeatable: two nodes can run different code and a rollback rolls back nothing."
    public let fix = "Pin the image to a version tag (app:1.4.2) or a digest (app@sha256:...)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for container in object.containers {
            var imagePath: NodePath { container.path.appending(key: "image") }  // built only for a finding
            guard let image = container.image, !image.isEmpty else {
                findings.append(finding("container \"\(container.name)\" has no image", in: object, at: container.path, container: container))
                continue
            }
            switch Self.tag(of: image) {
            case .digest:
                continue
            case let .tag(tag) where tag != "latest":
                continue
            case .tag:
                findings.append(finding("container \"\(container.name)\" uses image \"\(image)\" with tag latest", in: object, at: imagePath, container: container))
            case .none:
                findings.append(finding("container \"\(container.name)\" uses image \"\(image)\" without a tag (means latest)", in: object, at: imagePath, container: container))
            }
        }
        return findings
    }

    enum Reference: Equatable {
        case tag(String)
        case digest
        case none
    }

    /// `registry:5000/team/app:1.2` -> tag 1.2; `app@sha256:...` -> digest; `registry:5000/app` -> none.
    static func tag(of image: String) -> Reference {
        // The byte test first: it is the common answer (no digest) without Foundation's string search.
        if image.utf8.contains(UInt8(ascii: "@")), image.contains("@") { return .digest }
        guard image.utf8.allSatisfy({ $0 < 0x80 }) else { return unicodeTag(of: image) }
        // ASCII (every real image name): the same steps on bytes.
        let utf8 = image.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") { end = utf8.index(before: end) }
        let start = utf8[..<end].lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        guard let colon = utf8[start..<end].lastIndex(of: UInt8(ascii: ":")) else { return .none }
        let tagStart = utf8.index(after: colon)
        return tagStart == end ? .none : .tag(String(image[tagStart..<end]))
    }

    private static func unicodeTag(of image: String) -> Reference {
        let lastComponent = image.split(separator: "/").last ?? Substring(image)
        guard let colon = lastComponent.lastIndex(of: ":") else { return .none }
        let tag = lastComponent[lastComponent.index(after: colon)...]
        return tag.isEmpty ? .none : .tag(String(tag))
    }
}
