import Foundation

/// Schemas of custom resources taken from CustomResourceDefinitions: those in the run and in `--crd`
/// files (`fromDefinitions`), or the CRDs bundled with opsctl (`bundled`, the prometheus-operator ones
/// in `Schemas/crds/`). Each served version of each CRD gives the strict schema of `CRDSchema` for
/// `group/version` + kind; it is compiled on first use (once per run, behind a lock), with `$ref`s to
/// ObjectMeta resolved in the Kubernetes schemas of the run.
public final class CustomResourceSchemas: @unchecked Sendable {
    /// A definition whose schema could not be used as written, with the place in its manifest.
    public struct Problem: Sendable {
        public var message: String
        public var location: Location
        public var path: NodePath
        public var object: String
    }

    private enum Origin {
        case json(JSONValue)
        case bundle(DefinitionSource, name: String)
    }

    private let origins: [String: Origin]
    /// `group/Kind` -> served versions (for "the CRD serves v1" hints).
    private let servedVersions: [String: [String]]
    private let fallback: SchemaSet?
    /// Problems by the CRD object they belong to (file and document index).
    private let problemsByDocument: [DocumentKey: [Problem]]
    private let lock = NSLock()
    private var compiled: [String: CompiledSchema?] = [:]

    private struct DocumentKey: Hashable {
        var file: String
        var index: Int
    }

    private init(origins: [String: Origin], served: [String: [String]], fallback: SchemaSet?, problems: [DocumentKey: [Problem]]) {
        self.origins = origins
        servedVersions = served
        self.fallback = fallback
        problemsByDocument = problems
    }

    public static let definitionKind = "CustomResourceDefinition"

    /// The CRDs among `objects` (other kinds are skipped); later definitions of the same kind win.
    public static func fromDefinitions(_ objects: [ManifestObject], fallback: SchemaSet?) -> CustomResourceSchemas {
        var origins: [String: Origin] = [:]
        var served: [String: [String]] = [:]
        var problems: [DocumentKey: [Problem]] = [:]
        for object in objects where object.kind == definitionKind && object.group == "apiextensions.k8s.io" {
            guard let group = object.node(at: "spec.group")?.text, let kind = object.node(at: "spec.names.kind")?.text else { continue }
            var found: [Problem] = []
            var versions: [String] = []
            for (index, version) in (object.node(at: "spec.versions")?.items ?? []).enumerated() {
                guard let name = version["name"]?.text, version["served"]?.bool ?? false else { continue }
                versions.append(name)
                let schemaPath = NodePath("spec.versions").appending(index: index).appending(key: "schema").appending(key: "openAPIV3Schema")
                guard let schemaNode = object.node(at: schemaPath) else { continue }
                let (schema, schemaProblems) = CRDSchema.strict(JSONValue(yaml: schemaNode))
                for problem in schemaProblems {
                    let path = schemaPath.appending(problem.path)
                    found.append(Problem(message: "\(kind) \(name): \(problem.message)", location: object.location(of: path), path: path, object: object.displayName))
                }
                origins["\(group)/\(name)/\(kind)"] = .json(schema)
            }
            served["\(group)/\(kind)"] = versions
            if !found.isEmpty { problems[DocumentKey(file: object.file, index: object.documentIndex), default: []] += found }
        }
        return CustomResourceSchemas(origins: origins, served: served, fallback: fallback, problems: problems)
    }

    /// The CRDs bundled with opsctl (`Schemas/crds/*.json`, made by `scripts/manifests-crds.py`).
    public static func bundled(fallback: SchemaSet?) -> CustomResourceSchemas {
        var origins: [String: Origin] = [:]
        var served: [String: [String]] = [:]
        for bundle in bundleFiles {
            for key in bundle.kinds.keys {
                origins[key] = .bundle(bundle.source, name: key)
                let parts = key.split(separator: "/")
                if parts.count == 3 { served["\(parts[0])/\(parts[2])", default: []].append(String(parts[1])) }
            }
        }
        return CustomResourceSchemas(origins: origins, served: served.mapValues { $0.sorted() }, fallback: fallback, problems: [:])
    }

    /// The bundle files, read once per process (about 0.5 MB; definitions are parsed on first use).
    private static let bundleFiles: [DefinitionSource.BundleFile] = {
        guard let folder = Bundle.module.url(forResource: "Schemas", withExtension: nil)?.appendingPathComponent("crds"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return names.sorted().filter { $0.hasSuffix(".json") }.compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return nil }
            return try? DefinitionSource.BundleFile(bytes: Array(data))
        }
    }()

    public var isEmpty: Bool { origins.isEmpty }

    /// The kinds with a schema, `group/version/Kind`, sorted.
    public var kinds: [String] { origins.keys.sorted() }

    /// Problems of the CRD `object` (its schema is not a mapping, nests too deep, ...).
    public func problems(of object: ManifestObject) -> [Problem] {
        problemsByDocument[DocumentKey(file: object.file, index: object.documentIndex)] ?? []
    }

    /// Every problem, for CRDs that are not checked as objects of the run (`--crd` files).
    public var allProblems: [Problem] { problemsByDocument.keys.sorted { ($0.file, $0.index) < ($1.file, $1.index) }.flatMap { problemsByDocument[$0] ?? [] } }

    /// Versions the definitions serve for `group`/`kind` (empty when no definition has the kind).
    public func served(group: String, kind: String) -> [String] {
        servedVersions["\(group)/\(kind)"] ?? []
    }

    /// The schema for `apiVersion` (`group/version`) and `kind`, nil when no definition serves it.
    public func schema(apiVersion: String, kind: String) -> CompiledSchema? {
        let key = "\(apiVersion)/\(kind)"
        guard let origin = origins[key] else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if let cached = compiled[key] { return cached }
        let json: JSONValue?
        switch origin {
        case let .json(value): json = value
        case let .bundle(source, name): json = source.definition(named: name).map { CRDSchema.strict($0).schema }
        }
        let fallback = self.fallback
        var compiler = SchemaCompiler { name in fallback?.definitionJSON(named: name) }
        let schema = json.map { compiler.compiled($0) }
        compiled[key] = .some(schema)
        return schema
    }
}
