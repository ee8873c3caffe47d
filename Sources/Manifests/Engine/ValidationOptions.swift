/// Everything that shapes one `check-manifests` run (flags merged over `.opsctl.yaml`).
public struct ValidationOptions: Sendable {
    /// `1.37`; nil = the newest bundled version.
    public var kubernetesVersion: String?
    /// Folders with extra schemas (CRDs), kubeconform layout.
    public var schemaLocations: [String] = []
    /// Files and folders with CustomResourceDefinitions (`--crd`) whose custom resources the run validates.
    public var crdPaths: [String] = []
    /// Checkers of content embedded in objects (PromQL in PrometheusRules), filled by the command layer.
    public var embeddedCheckers = EmbeddedCheckers()
    public var ignoreMissingSchemas = false
    /// Error-level findings cannot be silenced by `opsctl.dev/ignore` annotations.
    public var strict = false
    /// Only the schema half (and YAML/API-version findings).
    public var schemaOnly = false
    /// Only the checks (fragments, fixtures): no schema, no schema-missing.
    public var noSchema = false
    public var failOn: Severity = .error
    public var limits: InputLimits = .default
    public var config = ManifestsConfig()
    public var workers: Int = ParallelMap.defaultWorkers
    /// For a process that exits right after the run (the `check-manifests` command): the loaded
    /// documents are never freed. Leave it false in anything that runs more than once (tests, servers).
    public var keepDocumentsUntilExit = false

    public init() {}

    /// Applies the config file's values where no flag set them (flags win: pass `flagsSet`).
    public mutating func apply(config: ManifestsConfig, failOnFromFlag: Bool, versionFromFlag: Bool) {
        self.config = config
        if !versionFromFlag, let version = config.kubernetesVersion { kubernetesVersion = version }
        if !failOnFromFlag, let failOn = config.failOn { self.failOn = failOn }
        if let ignore = config.ignoreMissingSchemas, !ignoreMissingSchemas { ignoreMissingSchemas = ignore }
        schemaLocations += config.schemaLocations
    }

    /// The checks this run executes.
    public var activeChecks: [any Check] {
        guard !schemaOnly else { return [] }
        return CheckRegistry.all.filter { check in
            !config.disable.contains(check.id) && (check.enabledByDefault || config.enable.contains(check.id))
        }
    }
}
