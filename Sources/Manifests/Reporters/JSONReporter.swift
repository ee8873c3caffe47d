import Foundation

/// Machine-readable findings: `{"findings": [...], "summary": {...}}`, keys sorted.
public struct JSONReporter: Sendable {
    public init() {}

    struct Document: Encodable {
        var kubernetesVersion: String
        var findings: [Item]
        var summary: Summary
    }

    struct Item: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var check: String
        var message: String
        var fix: String
        var path: String?
        var object: String?
        var container: String?
    }

    struct Summary: Encodable {
        var files: Int
        var documents: Int
        var objects: Int
        var errors: Int
        var warnings: Int
        var info: Int
        var ignored: Int
        var failOn: String
        var exitCode: Int32
        var byCheck: [String: Int]
    }

    public func render(_ result: RunResult) -> String {
        let counts = result.countsBySeverity
        let document = Document(
            kubernetesVersion: result.kubernetesVersion,
            findings: result.findings.map {
                Item(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                     severity: $0.severity.rawValue, check: $0.checkID, message: $0.message, fix: $0.fix,
                     path: $0.path?.description, object: $0.object, container: $0.container)
            },
            summary: Summary(
                files: result.files.count, documents: result.documentCount, objects: result.objectCount,
                errors: counts[.error] ?? 0, warnings: counts[.warning] ?? 0, info: counts[.info] ?? 0,
                ignored: result.ignoredCount, failOn: result.failOn.rawValue, exitCode: result.exitCode,
                byCheck: Dictionary(uniqueKeysWithValues: result.countsByCheck.map { ($0.id, $0.count) })
            )
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
