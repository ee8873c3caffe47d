import Foundation
import Logging
import Yams

/// A position in a configuration file (1-based line and column).
public struct ConfigMark: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// One node of a YAML configuration document, with its file position and its path from the
/// root (`exporter.collectors[2].timeout`), so that every typed read can fail with
/// `file:line:column: path: message`.
///
/// It is a Sendable copy of the Yams node tree: Yams nodes carry a tag resolver and are not
/// Sendable, and the configuration travels into the server's tasks.
public struct ConfigNode: Sendable {
    public enum Kind: Sendable {
        /// A scalar with its text and its resolved YAML tag (`str`, `int`, `float`, `bool`, `null`).
        case scalar(String, tag: String)
        case mapping([(key: ConfigNode, value: ConfigNode)])
        case sequence([ConfigNode])
    }

    public let kind: Kind
    public let file: String
    public let mark: ConfigMark
    public let path: String

    public init(kind: Kind, file: String, mark: ConfigMark, path: String) {
        self.kind = kind
        self.file = file
        self.mark = mark
        self.path = path
    }

    /// An error located at this node.
    public func error(_ message: String) -> ConfigError {
        ConfigError(source: file, line: mark.line, column: mark.column,
                    message: path.isEmpty ? message : "\(path): \(message)")
    }

    var kindName: String {
        switch kind {
        case .scalar(_, let tag): return tag == "null" ? "null" : "a \(Self.tagName(tag))"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    static func tagName(_ tag: String) -> String {
        switch tag {
        case "str": return "string"
        case "int": return "integer"
        case "float": return "number"
        case "bool": return "boolean"
        default: return tag
        }
    }

    public var isNull: Bool {
        if case .scalar(_, let tag) = kind, tag == "null" { return true }
        return false
    }

    // MARK: - Typed reads

    /// A string. Any scalar except null is accepted as text (a YAML `8080` is the string "8080").
    public func string() throws -> String {
        guard case .scalar(let text, let tag) = kind, tag != "null" else {
            throw error("expected a string, found \(kindName)")
        }
        return text
    }

    public func int() throws -> Int {
        guard case .scalar(let text, let tag) = kind, tag == "int", let value = Int(text) else {
            throw error("expected an integer, found \(kindName)")
        }
        return value
    }

    public func double() throws -> Double {
        guard case .scalar(let text, let tag) = kind, tag == "int" || tag == "float",
              let value = Double(text) else {
            throw error("expected a number, found \(kindName)")
        }
        return value
    }

    public func bool() throws -> Bool {
        guard case .scalar(let text, let tag) = kind, tag == "bool" else {
            throw error("expected true or false, found \(kindName)")
        }
        return ["true", "yes", "on"].contains(text.lowercased())
    }

    /// A duration such as `15s`, `500ms`, `2m`, `1h30m`.
    public func duration() throws -> Duration {
        let text = try string()
        do {
            return try DurationParser.parse(text)
        } catch {
            throw self.error("\(error)")
        }
    }

    /// A listen address such as `0.0.0.0:9188` or `:9188`.
    public func listenAddress() throws -> ListenAddress {
        let text = try string()
        do {
            return try ListenAddress(parsing: text)
        } catch let failure as ListenAddress.Failure {
            throw error(failure.description)
        }
    }

    /// An `http://` or `https://` URL with a host, as written (a Google API or token endpoint).
    public func httpURL() throws -> String {
        let text = try string()
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), URL(string: text)?.host != nil else {
            let key = path.split(separator: ".").last.map(String.init) ?? "the value"
            throw error("\(key) must be an http:// or https:// URL, found '\(text.prefix(80))'")
        }
        return text
    }

    /// A log level such as `info` (`LoggingSetup.parseLevel`).
    public func logLevel() throws -> Logger.Level {
        let text = try string()
        do {
            return try LoggingSetup.parseLevel(text)
        } catch let invalid as LoggingSetup.InvalidLevel {
            throw error(invalid.description)
        }
    }

    public func sequence() throws -> [ConfigNode] {
        guard case .sequence(let items) = kind else {
            throw error("expected a list, found \(kindName)")
        }
        return items
    }

    public func stringList() throws -> [String] {
        try sequence().map { try $0.string() }
    }

    /// A mapping whose keys must all be in `allowedKeys`; an unknown key is an error at the key.
    public func mapping(allowedKeys: [String]) throws -> ConfigMapping {
        guard case .mapping(let pairs) = kind else {
            throw error("expected a mapping, found \(kindName)")
        }
        var seen: Set<String> = []
        var entries: [(String, ConfigNode)] = []
        for (keyNode, value) in pairs {
            let key = try keyNode.string()
            guard allowedKeys.contains(key) else {
                throw keyNode.error("unknown key '\(key)' (expected one of: \(allowedKeys.joined(separator: ", ")))")
            }
            guard seen.insert(key).inserted else {
                throw keyNode.error("duplicate key '\(key)'")
            }
            entries.append((key, value))
        }
        return ConfigMapping(node: self, entries: entries)
    }

    /// A mapping of string keys to string values (static labels, for example).
    public func stringMap() throws -> [(key: String, value: String)] {
        guard case .mapping(let pairs) = kind else {
            throw error("expected a mapping, found \(kindName)")
        }
        var seen: Set<String> = []
        var result: [(key: String, value: String)] = []
        for (keyNode, value) in pairs {
            let key = try keyNode.string()
            guard seen.insert(key).inserted else { throw keyNode.error("duplicate key '\(key)'") }
            result.append((key, try value.string()))
        }
        return result
    }
}

extension ConfigNode {
    /// Converts a Yams node tree, keeping marks and building paths.
    init(yams node: Node, file: String, path: String) {
        let mark = node.mark.map { ConfigMark(line: $0.line, column: $0.column) } ?? ConfigMark(line: 1, column: 1)
        switch node {
        case .scalar(let scalar):
            self.init(kind: .scalar(scalar.string, tag: node.tag.rawValue.replacingPrefix("tag:yaml.org,2002:")),
                      file: file, mark: mark, path: path)
        case .mapping(let mapping):
            let pairs = mapping.map { pair -> (key: ConfigNode, value: ConfigNode) in
                let keyText = pair.key.scalar?.string ?? "?"
                let childPath = path.isEmpty ? keyText : "\(path).\(keyText)"
                return (ConfigNode(yams: pair.key, file: file, path: path),
                        ConfigNode(yams: pair.value, file: file, path: childPath))
            }
            self.init(kind: .mapping(pairs), file: file, mark: mark, path: path)
        case .sequence(let sequence):
            let items = sequence.enumerated().map { index, item in
                ConfigNode(yams: item, file: file, path: "\(path)[\(index)]")
            }
            self.init(kind: .sequence(items), file: file, mark: mark, path: path)
        case .alias:
            self.init(kind: .scalar("", tag: "null"), file: file, mark: mark, path: path)
        }
    }
}

extension String {
    func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
