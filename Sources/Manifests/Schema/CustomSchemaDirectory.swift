import Foundation

/// Extra schemas (CRDs) from `--schema-location DIR`, in the layouts kubeconform users already have:
///
/// - `DIR/<group>/<kind>_<version>.json` (the datreeio CRDs-catalog layout, kind lowercased),
/// - `DIR/<kind>-<group first label>-<version>.json` and `DIR/<kind>-<version>.json`
///   (openapi2jsonschema's standalone layout, as in kubeconform's `-schema-location`).
///
/// Each file is a standalone JSON schema; `$ref`s into its own `definitions`/`$defs` are followed.
/// Files are read on first use and cached per run.
public final class CustomSchemaDirectory: @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private var cache: [String: Loaded?] = [:]

    public struct Loaded: Sendable {
        public let root: SchemaNode
        public let definitions: [String: SchemaNode]
        public let file: String
    }

    public init(path: String) {
        self.path = path
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
            guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw .unreadable(file, reason: "not a JSON object")
            }
            var definitions: [String: SchemaNode] = [:]
            for section in ["definitions", "$defs"] {
                for (name, value) in json[section] as? [String: Any] ?? [:] {
                    definitions[name] = SchemaNode(json: value)
                }
            }
            loaded = Loaded(root: SchemaNode(json: json), definitions: definitions, file: file)
            break
        }
        lock.lock()
        cache[key] = .some(loaded)
        lock.unlock()
        return loaded
    }
}
