import Foundation

/// The schemas of one Kubernetes version: the definition for each `apiVersion/kind`, compiled on
/// first use. Bundled sets come from `Schemas/v<major.minor>.json` (see Schemas/NOTICE).
///
/// Loading a set reads the bundle file and notes where each definition's JSON starts and ends;
/// a definition is parsed and compiled only when an object of a kind that reaches it is validated,
/// so a run over Deployments and Services compiles about a quarter of the ~860 definitions, once.
public struct SchemaSet: Sendable {
    public let kubernetesVersion: String
    /// `apps/v1/Deployment` -> definition name.
    public let kinds: [String: String]
    private let source: DefinitionSource
    private let cache: CompiledCache

    init(kubernetesVersion: String, kinds: [String: String], source: DefinitionSource) {
        self.kubernetesVersion = kubernetesVersion
        self.kinds = kinds
        self.source = source
        cache = CompiledCache(compiler: SchemaCompiler(lookup: { source.definition(named: $0) }))
    }

    /// The root schema for an object, or nil when the version has no such apiVersion/kind.
    /// Safe to call from any thread; each kind is compiled once per set.
    public func schema(apiVersion: String, kind: String) -> CompiledSchema? {
        guard let name = kinds["\(apiVersion)/\(kind)"], source.contains(name) else { return nil }
        return cache.compiled(definition: name)
    }

    /// The JSON of definition `name` (with `KubernetesEnums` added), for CRD schemas that `$ref` into it.
    func definitionJSON(named name: String) -> JSONValue? {
        source.definition(named: name)
    }

    /// Every apiVersion served for `kind` in this version (for "removed, use X" hints).
    public func apiVersions(of kind: String) -> [String] {
        kinds.keys.compactMap { key in
            guard let slash = key.lastIndex(of: "/"), key[key.index(after: slash)...] == kind else { return nil }
            return String(key[..<slash])
        }.sorted()
    }

    /// Kubernetes versions bundled with opsctl, oldest first (`1.34`, ..., `1.37`).
    public static var bundledVersions: [String] {
        guard let folder = Bundle.module.url(forResource: "Schemas", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return names.compactMap { name -> String? in
            guard name.hasPrefix("v"), name.hasSuffix(".json") else { return nil }
            return String(name.dropFirst().dropLast(5))
        }.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
    }

    public static var newestBundledVersion: String { bundledVersions.last ?? "1.37" }

    /// Loads a bundled version: `1.37`, `v1.37`, or `1.37.2` (patch ignored).
    public static func bundled(version: String) throws(SchemaError) -> SchemaSet {
        let minor = normalize(version)
        guard let folder = Bundle.module.url(forResource: "Schemas", withExtension: nil) else {
            throw .bundleMissing
        }
        let file = folder.appendingPathComponent("v\(minor).json")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw .unknownVersion(version, known: bundledVersions)
        }
        guard let bundle = try? DefinitionSource.BundleFile(bytes: Array(data)) else {
            throw .unreadable(file.path, reason: "not a schema bundle")
        }
        return SchemaSet(kubernetesVersion: minor, kinds: bundle.kinds, source: bundle.source)
    }

    /// `v1.37.2` -> `1.37`.
    public static func normalize(_ version: String) -> String {
        let trimmed = version.hasPrefix("v") ? String(version.dropFirst()) : version
        let parts = trimmed.split(separator: ".")
        return parts.count >= 2 ? "\(parts[0]).\(parts[1])" : trimmed
    }
}

/// The compiled kinds of one set, behind a lock: the first thread to need a kind compiles it
/// (and the definitions it reaches that no earlier kind reached); the others wait and share it.
private final class CompiledCache: @unchecked Sendable {
    private let lock = NSLock()
    private var compiler: SchemaCompiler
    private var byDefinition: [String: CompiledSchema] = [:]

    init(compiler: SchemaCompiler) {
        self.compiler = compiler
    }

    func compiled(definition name: String) -> CompiledSchema {
        lock.lock()
        defer { lock.unlock() }
        if let cached = byDefinition[name] { return cached }
        let schema = compiler.compiled(definition: name)
        byDefinition[name] = schema
        return schema
    }
}

/// Problems with schema sources (not with manifests).
public enum SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    case bundleMissing
    case unknownVersion(String, known: [String])
    case unreadable(String, reason: String)

    public var description: String {
        switch self {
        case .bundleMissing:
            return "the bundled Kubernetes schemas are missing from this opsctl build"
        case let .unknownVersion(version, known):
            return "no bundled schemas for Kubernetes \(version); bundled: \(known.joined(separator: ", "))"
        case let .unreadable(path, reason):
            return "cannot read schema \(path): \(reason)"
        }
    }
}
