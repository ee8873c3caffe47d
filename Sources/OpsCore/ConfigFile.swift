import Foundation
import Yams

/// `opsctl.yaml`: one YAML document with a section per job (`exporter:`, `quota:`, `prober:`,
/// `manifests:`, `rules:`). Each job reads and checks its own section; the file itself only
/// rejects unknown sections and YAML syntax errors, both with file:line:column.
public struct ConfigFile: Sendable {
    public static let knownSections = ["exporter", "quota", "prober", "manifests", "rules"]

    /// Path as given (or a label such as `<built-in default>`), used in error messages.
    public let source: String
    public let root: ConfigMapping

    /// Reads and parses a file. A missing or unreadable file is a `ConfigError` naming it.
    /// `allowedKeys`: the top-level keys accepted (another tool's file, such as a
    /// blackbox.yml, has its own).
    public static func load(path: String, allowedKeys: [String] = knownSections) throws -> ConfigFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(source: path, message: "cannot read configuration file (\(Self.reason(error)))")
        }
        return try parse(yaml: text, source: path, allowedKeys: allowedKeys)
    }

    /// Parses YAML text; `source` names it in errors.
    public static func parse(yaml: String, source: String, allowedKeys: [String] = knownSections) throws -> ConfigFile {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw Self.configError(from: error, source: source)
        } catch {
            throw ConfigError(source: source, message: "invalid YAML: \(error)")
        }
        guard let node else {
            // An empty file is a valid, empty configuration.
            let empty = ConfigNode(kind: .mapping([]), file: source, mark: ConfigMark(line: 1, column: 1), path: "")
            return ConfigFile(source: source, root: try empty.mapping(allowedKeys: allowedKeys))
        }
        let root = ConfigNode(yams: node, file: source, path: "")
        return ConfigFile(source: source, root: try root.mapping(allowedKeys: allowedKeys))
    }

    /// The node of one job's section, if present and not null.
    public func section(_ name: String) -> ConfigNode? {
        root.optional(name)
    }

    static func configError(from error: YamlError, source: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return ConfigError(source: source, line: mark.line, column: mark.column, message: "invalid YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(source: source, line: context.mark.line, column: context.mark.column,
                               message: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in this mapping")
        case .reader(let problem, _, _, _):
            return ConfigError(source: source, message: "invalid YAML: \(problem)")
        default:
            return ConfigError(source: source, message: "invalid YAML: \(error)")
        }
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           let posix = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(posix.rawValue))
        }
        return nsError.localizedDescription
    }
}
