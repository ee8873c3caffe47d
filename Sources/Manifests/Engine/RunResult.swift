/// The outcome of one run: findings (already re-graded and filtered by ignores), what was read,
/// and the exit code. Reporters format it; they decide nothing.
public struct RunResult: Sendable {
    public var findings: [Finding]
    /// Findings silenced by `opsctl.dev/ignore` annotations.
    public var ignoredCount: Int
    /// Files read, in order (`-` for standard input).
    public var files: [String]
    public var documentCount: Int
    public var objectCount: Int
    /// Every object checked, in input order (JUnit lists one test case per object).
    public var objects: [ObjectRef]
    /// Inputs that could not be read at all (missing path, permission): exit code 2.
    public var inputErrors: [String]
    public var kubernetesVersion: String
    public var failOn: Severity
    /// Checks and built-in finding kinds of this run, for SARIF rules and JUnit test cases.
    public var rules: [RuleInfo]
    /// Source text per file, for showing the offending line.
    public var sources: [String: SourceText]

    /// An object checked: its file, display name (`Deployment/web`) and first line.
    public struct ObjectRef: Sendable, Hashable {
        public var file: String
        public var name: String
        public var line: Int
    }

    public struct RuleInfo: Sendable, Hashable {
        public var id: String
        public var severity: Severity
        public var why: String
        public var fix: String
    }

    /// 0 clean, 1 findings at or above `failOn`, 2 unreadable input.
    public var exitCode: Int32 {
        if !inputErrors.isEmpty { return 2 }
        return findings.contains { $0.severity >= failOn } ? 1 : 0
    }

    /// Counts per severity.
    public var countsBySeverity: [Severity: Int] {
        var counts: [Severity: Int] = [:]
        // By index: `for finding in findings` copies (retains) every field of every finding.
        for index in findings.indices { counts[findings[index].severity, default: 0] += 1 }
        return counts
    }

    /// Counts per check id, most frequent first.
    public var countsByCheck: [(id: String, count: Int)] {
        var counts: [String: Int] = [:]
        for index in findings.indices { counts[findings[index].checkID, default: 0] += 1 }
        return counts.map { ($0.key, $0.value) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    /// The text of line `line` (1-based) of `file`, if known.
    public func sourceLine(file: String, line: Int) -> Substring? {
        sources[file]?.line(line)
    }
}
