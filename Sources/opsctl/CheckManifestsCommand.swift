import ArgumentParser
import Foundation
import Manifests
import Rules

struct CheckManifestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-manifests",
        abstract: "Validate Kubernetes manifests: strict schemas (offline), deprecated APIs, best-practice and security checks.",
        discussion: """
        Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage error or unreadable input.
        Ignore per object with the annotation `opsctl.dev/ignore: check-id,check-id # reason`,
        per container with `opsctl.dev/ignore.container.NAME: check-id # reason`.
        Config: the `manifests` section of .opsctl.yaml (disable, enable, severity, skipPaths, ...).
        """
    )

    @Argument(help: "Files and folders (searched recursively for *.yaml, *.yml, *.json); - reads standard input.")
    var paths: [String] = []

    @Option(name: [.short, .long], help: "Output format: text, json, sarif, junit.")
    var output: String = "text"

    @Flag(help: "Print counts per severity and per check (text output).")
    var summary = false

    @Option(help: "Kubernetes version to validate against (bundled: \(SchemaSet.bundledVersions.joined(separator: ", ")); default: newest).")
    var kubernetesVersion: String?

    @Option(help: "Folder with extra JSON schemas (CRDs) in kubeconform layout; repeatable.")
    var schemaLocation: [String] = []

    @Option(help: "File or folder with CustomResourceDefinitions whose custom resources to validate; repeatable.")
    var crd: [String] = []

    @Flag(help: "Skip objects with no known schema instead of reporting them.")
    var ignoreMissingSchemas = false

    @Flag(help: "Error-level findings cannot be silenced by opsctl.dev/ignore annotations.")
    var strict = false

    @Flag(help: "Run only schema validation (no best-practice checks).")
    var schemaOnly = false

    @Flag(help: "Run only the checks (no schema validation), for fragments and fixtures.")
    var noSchema = false

    @Option(help: "Lowest severity that fails the run: info, warning, error (default: error).")
    var failOn: String?

    @Option(help: "Config file (default: .opsctl.yaml if present).")
    var config: String?

    @Option(help: "Worker threads (default: one per core).")
    var jobs: Int?

    @Flag(help: "List every check with its severity, why and fix, then exit.")
    var listChecks = false

    /// Usage errors exit 2, like unreadable input.
    private func usage(_ message: String) throws -> Never {
        FileHandle.standardError.write(Data("opsctl check-manifests: \(message)\n".utf8))
        throw ExitCode(2)
    }

    func run() throws {
        if listChecks {
            print(CheckListReporter.render(), terminator: "")
            return
        }
        guard let format = OutputFormat(rawValue: output) else {
            try usage("--output must be one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var request = CheckManifestsRequest()
        if let failOn {
            guard let severity = Manifests.Severity(rawValue: failOn) else { try usage("--fail-on must be info, warning or error") }
            request.failOn = severity
        }
        request.paths = paths
        request.output = format
        request.summary = summary
        request.kubernetesVersion = kubernetesVersion
        request.schemaLocations = schemaLocation
        request.crdPaths = crd
        request.embeddedCheckers = EmbeddedCheckers(rules: RulesEmbeddedChecker())
        request.ignoreMissingSchemas = ignoreMissingSchemas
        request.strict = strict
        request.schemaOnly = schemaOnly
        request.noSchema = noSchema
        request.configPath = config
        request.workers = jobs
        request.toolVersion = BuildInfo.version
        request.exitsAfterRun = true

        let outcome = request.run()
        FileHandle.standardOutput.write(Data(outcome.stdout.utf8))
        for line in outcome.stderr {
            FileHandle.standardError.write(Data("opsctl check-manifests: \(line)\n".utf8))
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
