import Foundation

/// The `manifests` section of `.opsctl.yaml`:
///
/// ```yaml
/// manifests:
///   kubernetesVersion: "1.37"
///   disable: [container-resources]           # checks not to run
///   enable: [some-opt-in-check]              # checks that are off by default
///   severity: {image-tag: warning}           # re-grade (info, warning, error)
///   skipPaths: ["k8s/generated/**", "**/*.tmpl.yaml"]
///   failOn: error
///   ignoreMissingSchemas: false
///   schemaLocations: [schemas/crds]
/// ```
public struct ManifestsConfig: Sendable, Equatable {
    public var kubernetesVersion: String?
    public var disable: Set<String> = []
    public var enable: Set<String> = []
    public var severity: [String: Severity] = [:]
    public var skipPaths: [String] = []
    public var failOn: Severity?
    public var ignoreMissingSchemas: Bool?
    public var schemaLocations: [String] = []

    public init() {}

    /// An error in the config file, with its place.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var position: Position
        public var message: String
        public var description: String { "\(file):\(position.line):\(position.column): \(message)" }
    }

    /// Parses a config file's bytes; unknown keys, unknown check ids and wrong types are problems.
    public static func parse(bytes: [UInt8], file: String, knownIDs: Set<String>) throws(Problem) -> ManifestsConfig {
        let loaded = ManifestLoader().prepare(bytes: bytes, file: file)
        if let finding = loaded.findings.first { throw Problem(file: file, position: finding.location.position, message: finding.message) }
        var config = ManifestsConfig()
        guard let document = loaded.documents.first else { return config }
        let root: YAMLNode
        do {
            guard let first = try YAMLComposer(limits: .default).compose(document.chunk.text).first else { return config }
            root = first
        } catch {
            throw Problem(file: file, position: .start, message: "invalid YAML in config: \(error)")
        }
        guard let section = root["manifests"] else { return config }
        guard let entries = section.entries else { throw Problem(file: file, position: section.position, message: "`manifests` must be a mapping") }

        func strings(_ node: YAMLNode, _ key: String) throws(Problem) -> [String] {
            guard let items = node.items else { throw Problem(file: file, position: node.position, message: "`manifests.\(key)` must be a list") }
            var result: [String] = []
            for item in items {
                guard let text = item.text else { throw Problem(file: file, position: item.position, message: "`manifests.\(key)` entries must be strings") }
                result.append(text)
            }
            return result
        }
        func checkIDs(_ node: YAMLNode, _ key: String) throws(Problem) -> Set<String> {
            let ids = try strings(node, key)
            for (index, id) in ids.enumerated() where !knownIDs.contains(id) {
                throw Problem(file: file, position: node[index]?.position ?? node.position, message: "unknown check id \"\(id)\" in manifests.\(key)")
            }
            return Set(ids)
        }
        func level(_ node: YAMLNode, _ key: String) throws(Problem) -> Severity {
            guard let text = node.text, let severity = Severity(rawValue: text) else {
                throw Problem(file: file, position: node.position, message: "`\(key)` must be info, warning or error")
            }
            return severity
        }

        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "kubernetesVersion": config.kubernetesVersion = value.text
            case "disable": config.disable = try checkIDs(value, "disable")
            case "enable": config.enable = try checkIDs(value, "enable")
            case "severity":
                guard let pairs = value.entries else { throw Problem(file: file, position: value.position, message: "`manifests.severity` must be a mapping of check id to level") }
                for pair in pairs {
                    guard knownIDs.contains(pair.key) else { throw Problem(file: file, position: pair.keyPosition, message: "unknown check id \"\(pair.key)\" in manifests.severity") }
                    config.severity[pair.key] = try level(pair.value, "manifests.severity.\(pair.key)")
                }
            case "skipPaths": config.skipPaths = try strings(value, "skipPaths")
            case "failOn": config.failOn = try level(value, "manifests.failOn")
            case "ignoreMissingSchemas":
                guard let flag = value.bool else { throw Problem(file: file, position: value.position, message: "`manifests.ignoreMissingSchemas` must be true or false") }
                config.ignoreMissingSchemas = flag
            case "schemaLocations": config.schemaLocations = try strings(value, "schemaLocations")
            default:
                throw Problem(file: file, position: entry.keyPosition, message: "unknown key \"\(entry.key)\" in manifests (known: kubernetesVersion, disable, enable, severity, skipPaths, failOn, ignoreMissingSchemas, schemaLocations)")
            }
        }
        return config
    }
}
