/// A best-practice or security check: one type in one file named after its id
/// (`container-resources` -> `ContainerResources.swift`, `ContainerResourcesCheck`), listed in `CheckRegistry`,
/// with a passing and a failing fixture under `Tests/ManifestsTests/Fixtures/checks/<id>/`.
///
/// A check looks at one object (and, for cross-object checks, at the others through `context`)
/// and returns findings. It never formats output, never reads files and never decides the exit code;
/// ignores, re-grading and `--fail-on` are applied after it by the engine.
public protocol Check: Sendable {
    /// Kebab-case id users write in `opsctl.dev/ignore` and `.opsctl.yaml`: `container-resources`.
    var id: String { get }
    /// Default severity (`.opsctl.yaml` can re-grade it).
    var severity: Severity { get }
    /// One sentence: why this matters.
    var why: String { get }
    /// One line: how to fix it. Shown under every finding of the check.
    var fix: String { get }
    /// False for opt-in checks (turned on with `enable:` in `.opsctl.yaml`). Defaults to true.
    var enabledByDefault: Bool { get }
    /// Findings for one object. `context.objects` holds every object of the run.
    func check(_ object: ManifestObject, context: CheckContext) -> [Finding]
}

extension Check {
    public var enabledByDefault: Bool { true }

    /// A finding of this check about the node at `path` of `object` (falls back to the nearest
    /// existing ancestor when the path is missing, so "missing X" points at X's parent).
    /// `atKey: true` points at the key (`image:`) instead of the value.
    public func finding(
        _ message: String, in object: ManifestObject, at path: NodePath,
        atKey: Bool = false, container: ContainerRef? = nil
    ) -> Finding {
        Finding(
            checkID: id,
            severity: severity,
            message: message,
            location: atKey ? object.keyLocation(of: path) : object.location(of: path),
            path: path,
            fix: fix,
            object: object.displayName,
            container: container?.name
        )
    }
}
