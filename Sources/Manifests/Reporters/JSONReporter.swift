/// Machine-readable findings: `{"findings": [...], "summary": {...}}`, keys sorted, pretty-printed
/// (the layout `JSONEncoder` gives with `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`).
public struct JSONReporter: Sendable {
    public init() {}

    public func render(_ result: RunResult) -> String {
        let counts = result.countsBySeverity
        var json = JSONTextWriter(capacity: 512 * (result.findings.count + 1))
        json.beginObject()
        json.key("findings")
        json.beginArray()
        for finding in result.findings {
            json.arrayElement()
            json.beginObject()
            json.key("check"); json.string(finding.checkID)
            json.key("column"); json.int(finding.location.column)
            if let container = finding.container { json.key("container"); json.string(container) }
            json.key("file"); json.string(finding.location.file)
            json.key("fix"); json.string(finding.fix)
            json.key("line"); json.int(finding.location.line)
            json.key("message"); json.string(finding.message)
            if let object = finding.object { json.key("object"); json.string(object) }
            if let path = finding.path { json.key("path"); json.string(path.description) }
            json.key("severity"); json.string(finding.severity.rawValue)
            json.endObject()
        }
        json.endArray()
        json.key("kubernetesVersion"); json.string(result.kubernetesVersion)
        json.key("summary")
        json.beginObject()
        json.key("byCheck")
        json.beginObject()
        for (id, count) in result.countsByCheck.sorted(by: { $0.id < $1.id }) {
            json.key(id); json.int(count)
        }
        json.endObject()
        json.key("documents"); json.int(result.documentCount)
        json.key("errors"); json.int(counts[.error] ?? 0)
        json.key("exitCode"); json.int(result.exitCode)
        json.key("failOn"); json.string(result.failOn.rawValue)
        json.key("files"); json.int(result.files.count)
        json.key("ignored"); json.int(result.ignoredCount)
        json.key("info"); json.int(counts[.info] ?? 0)
        json.key("objects"); json.int(result.objectCount)
        json.key("warnings"); json.int(counts[.warning] ?? 0)
        json.endObject()
        json.endObject()
        return json.text + "\n"
    }
}
