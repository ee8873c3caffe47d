import Foundation

/// The schemas of one Kubernetes version: definitions by name and the definition for each
/// `apiVersion/kind`. Bundled sets come from `Schemas/v<major.minor>.json` (see Schemas/NOTICE).
public struct SchemaSet: Sendable {
    public let kubernetesVersion: String
    public let definitions: [String: SchemaNode]
    /// `apps/v1/Deployment` -> definition name.
    public let kinds: [String: String]

    public init(kubernetesVersion: String, definitions: [String: SchemaNode], kinds: [String: String]) {
        self.kubernetesVersion = kubernetesVersion
        self.definitions = definitions
        self.kinds = kinds
    }

    /// The root schema for an object, or nil when the version has no such apiVersion/kind.
    public func schema(apiVersion: String, kind: String) -> SchemaNode? {
        kinds["\(apiVersion)/\(kind)"].flatMap { definitions[$0] }
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
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              var defs = json["defs"] as? [String: Any], let kinds = json["kinds"] as? [String: String]
        else { throw .unreadable(file.path, reason: "not a schema bundle") }
        KubernetesEnums.apply(to: &defs)
        return SchemaSet(
            kubernetesVersion: minor,
            definitions: defs.mapValues(SchemaNode.init(json:)),
            kinds: kinds
        )
    }

    /// `v1.37.2` -> `1.37`.
    public static func normalize(_ version: String) -> String {
        let trimmed = version.hasPrefix("v") ? String(version.dropFirst()) : version
        let parts = trimmed.split(separator: ".")
        return parts.count >= 2 ? "\(parts[0]).\(parts[1])" : trimmed
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
