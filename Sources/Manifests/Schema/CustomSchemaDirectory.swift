import Foundation

/// Extra schemas (CRDs) from `--schema-location DIR`, in the layouts kubeconform users already have:
///
/// - `DIR/<group>/<kind>_<version>.json` (the datreeio CRDs-catalog layout, kind lowercased),
/// - `DIR/<kind>-<group first label>-<version>.json` and `DIR/<kind>-<version>.json`
///   (openapi2jsonschema's standalone layout, as in kubeconform's `-schema-location`).
///
/// Each file is a standalone JSON schema; `$ref`s into its own `definitions`/`$defs` are followed,
/// then into the bundled definitions of `fallback` (an `ObjectMeta`, say).
/// Files are read and compiled on first use and cached per run.
public final class CustomSchemaDirectory: @unchecked Sendable {
    public let path: String
    private let fallback: SchemaSet?
    private let lock = NSLock()
    private var cache: [String: Loaded?] = [:]

    public struct Loaded: Sendable {
        public let schema: CompiledSchema
        public let file: String
    }

    public init(path: String, fallback: SchemaSet? = nil) {
        self.path = path
        self.fallback = fallback
    }

    public func candidates(apiVersion: String, kind: String) -> [String] {
        let lowerKind = kind.lowercased()
        let parts = apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
        let (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts.first ?? "")
        var names: [String] = []
        if !group.isEmpty {
            names.append("\(group)/\(lowerKind)_\(version).json")
            let first = group.split(separator: ".").first.map(String.init) ?? group
            names.append("\(lowerKind)-\(first)-\(version).json")
            names.append("\(lowerKind)-\(group)-\(version).json")
        } else {
            names.append("\(lowerKind)-\(version).json")
            names.append("\(lowerKind)_\(version).json")
        }
        return names.map { (path as NSString).appendingPathComponent($0) }
    }

    /// The schema for `apiVersion`/`kind`, nil if none of the candidate files exists.
    public func schema(apiVersion: String, kind: String) throws(SchemaError) -> Loaded? {
        let key = "\(apiVersion)/\(kind)"
        lock.lock()
        if let cached = cache[key] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        var loaded: Loaded?
        for file in candidates(apiVersion: apiVersion, kind: kind) {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            guard let json = try? JSONValue.parse(Array(data)), case .object = json else {
                throw .unreadable(file, reason: "not a JSON object")
            }
            var definitions: [String: JSONValue] = [:]
            for section in ["definitions", "$defs"] {
                for member in json[section]?.members ?? [] {
                    definitions[member.key] = member.value
                }
            }
            let fallback = self.fallback
            var compiler = SchemaCompiler { [definitions] name in
                definitions[name] ?? fallback?.definitionJSON(named: name)
            }
            loaded = Loaded(schema: compiler.compiled(json), file: file)
            break
        }
        lock.lock()
        cache[key] = .some(loaded)
        lock.unlock()
        return loaded
    }
}
