import Foundation

/// What the command line asked for, before any file is read. `CheckManifestsRequest.run()` does
/// the whole job and returns text for stdout/stderr and the exit code; the command layer only prints.
public struct CheckManifestsRequest: Sendable {
    public var paths: [String] = []
    public var output: OutputFormat = .text
    public var summary = false
    public var kubernetesVersion: String?
    public var schemaLocations: [String] = []
    /// `--crd FILE|DIR`, repeatable.
    public var crdPaths: [String] = []
    /// Checkers of embedded content (the command layer passes the rule checker).
    public var embeddedCheckers = EmbeddedCheckers()
    public var ignoreMissingSchemas = false
    public var strict = false
    public var schemaOnly = false
    public var noSchema = false
    /// nil: from the config file, else `error`.
    public var failOn: Severity?
    /// nil: `.opsctl.yaml` in the current directory if it exists.
    public var configPath: String?
    public var workers: Int?
    public var toolVersion = "dev"
    /// True when the process exits after this run (the command line): see `ValidationOptions.keepDocumentsUntilExit`.
    public var exitsAfterRun = false

    public init() {}

    public struct Outcome: Sendable {
        public var stdout: String
        public var stderr: [String]
        public var exitCode: Int32
    }

    public static let defaultConfigPath = ".opsctl.yaml"

    public func run() -> Outcome {
        if schemaOnly && noSchema {
            return Outcome(stdout: "", stderr: ["--schema-only and --no-schema exclude each other"], exitCode: 2)
        }
        if paths.isEmpty {
            return Outcome(stdout: "", stderr: ["no input: give files, folders, or - for standard input"], exitCode: 2)
        }
        var options = ValidationOptions()
        options.kubernetesVersion = kubernetesVersion
        options.schemaLocations = schemaLocations
        options.crdPaths = crdPaths
        options.embeddedCheckers = embeddedCheckers
        options.ignoreMissingSchemas = ignoreMissingSchemas
        options.strict = strict
        options.schemaOnly = schemaOnly
        options.noSchema = noSchema
        if let failOn { options.failOn = failOn }
        if let workers { options.workers = max(1, workers) }
        options.keepDocumentsUntilExit = exitsAfterRun
        if exitsAfterRun, options.workers == 1 { MallocArenas.useOneArena() }

        let configFile = configPath ?? (FileManager.default.fileExists(atPath: Self.defaultConfigPath) ? Self.defaultConfigPath : nil)
        if let configFile {
            guard let data = FileManager.default.contents(atPath: configFile) else {
                return Outcome(stdout: "", stderr: ["\(configFile): cannot read the config file"], exitCode: 2)
            }
            let known = Set(CheckRegistry.all.map(\.id) + CheckRegistry.builtInIDs)
            do {
                let config = try ManifestsConfig.parse(bytes: Array(data), file: configFile, knownIDs: known)
                options.apply(config: config, failOnFromFlag: failOn != nil, versionFromFlag: kubernetesVersion != nil)
            } catch {
                return Outcome(stdout: "", stderr: [error.description], exitCode: 2)
            }
        }
        for location in options.schemaLocations {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory), isDirectory.boolValue else {
                return Outcome(stdout: "", stderr: ["--schema-location \(location): not a folder"], exitCode: 2)
            }
        }

        for path in crdPaths where !FileManager.default.fileExists(atPath: path) {
            return Outcome(stdout: "", stderr: ["--crd \(path): no such file or folder"], exitCode: 2)
        }

        let validator: ManifestValidator
        do {
            validator = try ManifestValidator(options: options)
        } catch {
            return Outcome(stdout: "", stderr: [error.description], exitCode: 2)
        }
        let result = validator.run(paths: paths)
        return Outcome(
            stdout: output.render(result, summary: summary, toolVersion: toolVersion),
            stderr: result.inputErrors,
            exitCode: result.exitCode
        )
    }
}
