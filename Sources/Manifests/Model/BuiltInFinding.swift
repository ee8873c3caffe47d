/// Findings the engine itself produces (not a `Check`): YAML trouble, schema violations,
/// API versions, input limits. Their ids live in the same namespace as check ids.
public enum BuiltInFinding: String, Sendable, CaseIterable {
    /// The YAML does not parse (message carries libyaml's problem and position).
    case yamlSyntax = "yaml-syntax"
    /// A mapping repeats a key; Kubernetes would silently keep one of them.
    case duplicateKey = "duplicate-key"
    /// A document is not a Kubernetes object: not a mapping, or no `apiVersion`/`kind`.
    case notAnObject = "not-an-object"
    /// A file or document exceeds a safety limit (size, nesting depth, alias expansion) or is not text.
    case inputLimit = "input-limit"
    /// The object does not match the Kubernetes schema of its apiVersion and kind.
    case schema = "schema"
    /// No schema is known for the object's apiVersion and kind.
    case schemaMissing = "schema-missing"
    /// A CustomResourceDefinition's schema cannot be used as written (not a mapping, too deep, a huge enum).
    case crdSchema = "crd-schema"
    /// The apiVersion is removed in the chosen Kubernetes version.
    case removedAPI = "removed-api"
    /// The apiVersion is deprecated in the chosen Kubernetes version.
    case deprecatedAPI = "deprecated-api"
    /// An `opsctl.dev/ignore` annotation is malformed or names an unknown check.
    case ignoreAnnotation = "ignore-annotation"

    public var severity: Severity {
        switch self {
        case .deprecatedAPI, .ignoreAnnotation: return .warning
        default: return .error
        }
    }

    public var why: String {
        switch self {
        case .yamlSyntax: return "kubectl rejects the whole file; nothing in it is applied."
        case .duplicateKey: return "Kubernetes keeps only one of the values; which one depends on the tool, so the manifest does not say what runs."
        case .notAnObject: return "Every document sent to the API server must be an object with apiVersion and kind."
        case .inputLimit: return "Hostile or broken input (huge files, alias bombs, deep nesting, binary data) must not hang CI."
        case .schema: return "The API server rejects the object, or (for unknown fields) silently drops the misspelled setting."
        case .schemaMissing: return "An object with no schema is not validated at all."
        case .crdSchema: return "A part of a CRD's schema that cannot be read validates nothing, and a hostile one must not hang CI."
        case .removedAPI: return "The API server of this Kubernetes version does not serve the apiVersion: apply fails."
        case .deprecatedAPI: return "The apiVersion will be removed in a later Kubernetes version."
        case .ignoreAnnotation: return "A malformed ignore silences nothing, or the wrong thing."
        }
    }

    public var fix: String {
        switch self {
        case .yamlSyntax: return "Fix the YAML at the position shown (indentation, quotes, a missing colon)."
        case .duplicateKey: return "Keep one of the two keys."
        case .notAnObject: return "Add apiVersion and kind, or check with --no-schema if this file is a fragment."
        case .inputLimit: return "Split the file, remove alias chains, or check that it is really a manifest."
        case .schema: return "Fix the field named in the message (spelling, type, required field)."
        case .schemaMissing: return "Add a schema with --schema-location, or pass --ignore-missing-schemas."
        case .crdSchema: return "Fix the schema at the place shown (a mapping per field, fewer nesting levels, a shorter enum)."
        case .removedAPI: return "Move to the replacement apiVersion named in the message."
        case .deprecatedAPI: return "Move to the replacement apiVersion named in the message."
        case .ignoreAnnotation: return "Write opsctl.dev/ignore: check-id,check-id # reason, with ids from `opsctl check-manifests --list-checks`."
        }
    }
}
