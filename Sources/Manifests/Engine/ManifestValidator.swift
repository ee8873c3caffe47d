/// The pipeline: inputs -> documents (parallel) -> objects -> schema + checks (parallel)
/// -> re-grade, disable, ignore -> `RunResult`.
public struct ManifestValidator: Sendable {
    public let options: ValidationOptions
    private let schemas: SchemaSet?
    private let customSchemas: [CustomSchemaDirectory]
    /// The CRDs bundled with opsctl (prometheus-operator), asked after the run's own CRDs and `--schema-location`.
    private let bundledCRDs: CustomResourceSchemas?
    private let checks: [any Check]
    /// `checks` as closures that hold each check: calling one per object copies nothing, where
    /// calling the existential copied the check (and released it) for every object.
    private let runChecks: [@Sendable (ManifestObject, CheckContext) -> [Finding]]
    private let knownIDs: Set<String>

    /// Loads the schemas for the chosen Kubernetes version (unless `noSchema`).
    public init(options: ValidationOptions) throws(SchemaError) {
        self.options = options
        let schemas = options.noSchema ? nil : try SchemaSet.bundled(version: options.kubernetesVersion ?? SchemaSet.newestBundledVersion)
        self.schemas = schemas
        customSchemas = options.schemaLocations.map { CustomSchemaDirectory(path: $0, fallback: schemas) }
        bundledCRDs = options.noSchema ? nil : CustomResourceSchemas.bundled(fallback: schemas)
        checks = options.activeChecks
        runChecks = checks.map { check in { object, context in check.check(object, context: context) } }
        knownIDs = Set(CheckRegistry.all.map(\.id) + CheckRegistry.builtInIDs)
    }

    public var kubernetesVersion: String {
        schemas?.kubernetesVersion ?? SchemaSet.normalize(options.kubernetesVersion ?? SchemaSet.newestBundledVersion)
    }

    /// Checks the given paths (`-` = standard input).
    public func run(paths: [String]) -> RunResult {
        let collected = InputCollector.collect(paths: paths, skip: options.config.skipPaths)
        let limit = options.limits.maxFileBytes
        let loader = ManifestLoader(limits: options.limits)
        var inputErrors = collected.errors
        // Standard input is read here, once; files are read on the workers.
        let prepared: [Result<ManifestLoader.Prepared, InputCollector.ReadError>] = ParallelMap.map(collected.sources, workers: options.workers) { source in
            InputCollector.read(source, limit: limit).map { loader.prepare(bytes: $0, file: source.name) }
        }
        var files: [ManifestLoader.Prepared] = []
        for outcome in prepared {
            switch outcome {
            case let .success(file): files.append(file)
            case let .failure(error): inputErrors.append(error.description)
            }
        }
        let crdCollected = InputCollector.collect(paths: options.crdPaths)
        inputErrors += crdCollected.errors.map { "--crd: \($0)" }
        var crdFiles: [ManifestLoader.Prepared] = []
        for source in crdCollected.sources {
            switch InputCollector.read(source, limit: limit) {
            case let .success(bytes): crdFiles.append(loader.prepare(bytes: bytes, file: source.name))
            case let .failure(error): inputErrors.append("--crd: \(error.description)")
            }
        }
        var result = run(prepared: files, crdFiles: crdFiles)
        BackgroundRelease.release(files, keepUntilExit: options.keepDocumentsUntilExit)
        result.inputErrors = inputErrors
        return result
    }

    /// Checks in-memory sources (tests, benchmarks): `(name, bytes)`.
    public func run(sources: [(name: String, bytes: [UInt8])]) -> RunResult {
        let loader = ManifestLoader(limits: options.limits)
        return run(prepared: sources.map { loader.prepare(bytes: $0.bytes, file: $0.name) })
    }

    private func run(prepared files: [ManifestLoader.Prepared], crdFiles: [ManifestLoader.Prepared] = []) -> RunResult {
        let loader = ManifestLoader(limits: options.limits)
        let documents = files.flatMap(\.documents)
        let loaded = ParallelMap.map(documents, workers: options.workers) { loader.load($0) }
        let objects = loaded.flatMap(\.objects)
        let crdLoaded = crdFiles.flatMap(\.documents).map { loader.load($0) }
        let crdObjects = crdLoaded.flatMap(\.objects).filter { $0.kind == CustomResourceSchemas.definitionKind }
        let runCRDs = options.noSchema ? nil : CustomResourceSchemas.fromDefinitions(objects + crdObjects, fallback: schemas)
        let sourceTexts = Dictionary(files.map { ($0.file, $0.source) }, uniquingKeysWith: { first, _ in first })
        let context = CheckContext(objects: objects, sources: sourceTexts, embedded: options.embeddedCheckers)

        let perObject = ParallelMap.map(objects, workers: options.workers) { object in
            self.findings(for: object, context: context, runCRDs: runCRDs)
        }

        var findings: [Finding] = []
        var ignored = 0
        for outcome in perObject {
            findings += outcome.kept
            ignored += outcome.ignored
        }
        var loadFindings = files.flatMap(\.findings) + loaded.flatMap(\.findings)
        loadFindings += crdFiles.flatMap(\.findings) + crdLoaded.flatMap(\.findings)
        for object in crdObjects {
            loadFindings += (runCRDs?.problems(of: object) ?? []).map(Self.crdFinding)
        }
        findings += loadFindings.compactMap(regrade)
        findings.sort()

        var sources: [String: SourceText] = [:]
        for file in files + crdFiles { sources[file.file] = file.source }
        let objectRefs = objects.map { RunResult.ObjectRef(file: $0.file, name: $0.displayName, line: $0.root.position.line) }
        let documentCount = documents.count
        let objectCount = objects.count
        BackgroundRelease.release((loaded, objects, context, documents), keepUntilExit: options.keepDocumentsUntilExit)
        return RunResult(
            findings: findings,
            ignoredCount: ignored,
            files: files.map(\.file),
            documentCount: documentCount,
            objectCount: objectCount,
            objects: objectRefs,
            inputErrors: [],
            kubernetesVersion: kubernetesVersion,
            failOn: options.failOn,
            rules: rules,
            sources: sources
        )
    }

    /// Rules reported in SARIF/JUnit: the built-in kinds and the active checks, with effective severity.
    public var rules: [RunResult.RuleInfo] {
        let builtIn = BuiltInFinding.allCases.map { RunResult.RuleInfo(id: $0.rawValue, severity: options.config.severity[$0.rawValue] ?? $0.severity, why: $0.why, fix: $0.fix) }
        let active = checks.map { RunResult.RuleInfo(id: $0.id, severity: options.config.severity[$0.id] ?? $0.severity, why: $0.why, fix: $0.fix) }
        return builtIn + active
    }

    /// Applies `.opsctl.yaml` severity overrides and `disable`; nil when disabled.
    private func regrade(_ finding: Finding) -> Finding? {
        if options.config.disable.contains(finding.checkID) { return nil }
        var finding = finding
        if let severity = options.config.severity[finding.checkID] { finding.severity = severity }
        return finding
    }

    private struct ObjectOutcome: Sendable {
        var kept: [Finding]
        var ignored: Int
    }

    static func crdFinding(_ problem: CustomResourceSchemas.Problem) -> Finding {
        Finding(
            checkID: BuiltInFinding.crdSchema.rawValue, severity: BuiltInFinding.crdSchema.severity, message: problem.message,
            location: problem.location, path: problem.path, fix: BuiltInFinding.crdSchema.fix, object: problem.object
        )
    }

    private func findings(for object: ManifestObject, context: CheckContext, runCRDs: CustomResourceSchemas?) -> ObjectOutcome {
        var raw = schemaFindings(for: object, runCRDs: runCRDs)
        if let runCRDs, object.kind == CustomResourceSchemas.definitionKind {
            raw += runCRDs.problems(of: object).map(Self.crdFinding)
        }
        for run in runChecks {
            raw += run(object, context)
        }
        let ignores = IgnoreAnnotations(object: object, knownIDs: knownIDs)
        raw += ignores.problems
        var kept: [Finding] = []
        var ignored = 0
        for finding in raw {
            guard let finding = regrade(finding) else { continue }
            let protected = options.strict && finding.severity == .error
            if !protected, ignores.ignores(finding) {
                ignored += 1
                continue
            }
            kept.append(finding)
        }
        return ObjectOutcome(kept: kept, ignored: ignored)
    }

    private func schemaFindings(for object: ManifestObject, runCRDs: CustomResourceSchemas?) -> [Finding] {
        guard !options.noSchema else { return [] }
        var findings: [Finding] = []
        func add(_ kind: BuiltInFinding, _ message: String, at path: NodePath, position: Position? = nil) {
            findings.append(Finding(
                checkID: kind.rawValue, severity: kind.severity, message: message,
                location: position.map { Location(file: object.file, position: $0) } ?? object.location(of: path),
                path: path, fix: kind.fix, object: object.displayName
            ))
        }
        let version = kubernetesVersion
        var removed = false
        switch APIVersionTable.status(apiVersion: object.apiVersion, kind: object.kind, in: version) {
        case let .removed(entry)?:
            removed = true
            add(.removedAPI, "\(object.apiVersion) \(object.kind) was removed in Kubernetes \(entry.removedIn ?? "") (checking against \(version)); use \(entry.replacement)", at: "apiVersion")
        case let .deprecated(entry)?:
            let removal = entry.removedIn.map { ", removed in \($0)" } ?? ""
            add(.deprecatedAPI, "\(object.apiVersion) \(object.kind) is deprecated since Kubernetes \(entry.deprecatedIn)\(removal); use \(entry.replacement)", at: "apiVersion")
        case nil:
            break
        }

        let validator: SchemaValidator
        if let schemas, let schema = schemas.schema(apiVersion: object.apiVersion, kind: object.kind) {
            validator = SchemaValidator(schema: schema)
        } else if let schema = runCRDs?.schema(apiVersion: object.apiVersion, kind: object.kind) {
            validator = SchemaValidator(schema: schema)
        } else if let custom = customSchema(for: object, findings: &findings) {
            validator = SchemaValidator(schema: custom.schema)
        } else if let schema = bundledCRDs?.schema(apiVersion: object.apiVersion, kind: object.kind) {
            validator = SchemaValidator(schema: schema)
        } else {
            guard !removed, !options.ignoreMissingSchemas else { return findings }
            var message = "no schema for \(object.apiVersion) \(object.kind) in Kubernetes \(version)"
            let crdServed = (runCRDs?.served(group: object.group, kind: object.kind) ?? []) + (bundledCRDs?.served(group: object.group, kind: object.kind) ?? [])
            if let served = schemas?.apiVersions(of: object.kind), !served.isEmpty {
                message += " (served: \(served.joined(separator: ", ")))"
            } else if !crdServed.isEmpty {
                message = "no schema for \(object.apiVersion) \(object.kind): its CustomResourceDefinition serves \(Set(crdServed).sorted().map { "\(object.group)/\($0)" }.joined(separator: ", "))"
            } else if !customSchemas.isEmpty {
                message += " or in --schema-location"
            } else {
                message += " (no CustomResourceDefinition in the run, in --crd or bundled)"
            }
            add(.schemaMissing, message, at: "apiVersion")
            return findings
        }
        for violation in validator.validate(object.root) {
            add(.schema, violation.message, at: violation.path, position: violation.position)
        }
        return findings
    }

    private func customSchema(for object: ManifestObject, findings: inout [Finding]) -> CustomSchemaDirectory.Loaded? {
        for directory in customSchemas {
            do {
                if let loaded = try directory.schema(apiVersion: object.apiVersion, kind: object.kind) { return loaded }
            } catch {
                findings.append(Finding(
                    checkID: BuiltInFinding.schemaMissing.rawValue, severity: .error, message: error.description,
                    location: object.location(of: "apiVersion"), fix: BuiltInFinding.schemaMissing.fix, object: object.displayName
                ))
            }
        }
        return nil
    }
}
