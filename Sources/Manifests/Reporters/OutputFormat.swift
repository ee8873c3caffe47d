/// Output formats of `check-manifests --output`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif, junit

    /// Renders a run. Reporters only format: what is a finding and the exit code are decided before.
    public func render(_ result: RunResult, summary: Bool = false, toolVersion: String = "dev") -> String {
        switch self {
        case .text: return TextReporter(summary: summary).render(result)
        case .json: return JSONReporter().render(result)
        case .sarif: return SARIFReporter(toolVersion: toolVersion).render(result)
        case .junit: return JUnitReporter().render(result)
        }
    }
}
