/// A path from a document's root to a node, printed as `spec.template.spec.containers[0].image`.
public struct NodePath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// Parses a dotted path: `spec.template.spec.containers`, `spec.containers[0].image`, `spec.containers.0`.
    /// A key with a dot in it cannot be written this way; use `appending(key:)`.
    public init(parsing text: String) {
        var result: [Component] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                let key = rest[..<bracket]
                if !key.isEmpty { result.append(.key(String(key))) }
                rest = rest[bracket...]
                while rest.first == "[", let close = rest.firstIndex(of: "]") {
                    let inner = rest[rest.index(after: rest.startIndex)..<close]
                    if let index = Int(inner) { result.append(.index(index)) } else { result.append(.key(String(inner))) }
                    rest = rest[rest.index(after: close)...]
                }
            } else if let index = Int(rest) {
                result.append(.index(index))
            } else {
                result.append(.key(String(rest)))
            }
        }
        components = result
    }

    public init(stringLiteral value: String) {
        self.init(parsing: value)
    }

    public static let root = NodePath()

    public func appending(key: String) -> NodePath {
        appending(CollectionOfOne(.key(key)))
    }

    public func appending(index: Int) -> NodePath {
        appending(CollectionOfOne(.index(index)))
    }

    public func appending(_ other: NodePath) -> NodePath {
        appending(other.components)
    }

    /// One array of exactly the new length (`components + [c]` built a second array for `[c]`
    /// and grew the first: two or three allocations for every path a check or a container names).
    private func appending<Tail: Collection>(_ tail: Tail) -> NodePath where Tail.Element == Component {
        var joined: [Component] = []
        joined.reserveCapacity(components.count + tail.count)
        joined.append(contentsOf: components)
        joined.append(contentsOf: tail)
        return NodePath(joined)
    }

    public var isEmpty: Bool { components.isEmpty }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case let .key(key):
                if !text.isEmpty { text += "." }
                text += key
            case let .index(index):
                text += "[\(index)]"
            }
        }
        return text.isEmpty ? "(root)" : text
    }
}
