import Foundation
import Manifests
import Testing

@Suite("controls: ignore annotations, config file, strict, schema-only, no-schema, fail-on")
struct ControlsTests {
    func run(_ configure: (inout ValidationOptions) -> Void) throws -> RunResult {
        var options = ValidationOptions()
        configure(&options)
        return try ManifestValidator(options: options).run(sources: [("controls/ignored.yaml", try Fixtures.bytes("controls/ignored.yaml"))])
    }

    @Test("object and container ignores silence exactly their ids; a bad ignore is reported")
    func annotations() throws {
        let result = try run { $0.noSchema = true }
        let ids = result.findings.map { "\($0.location.line) \($0.checkID)" }
        // worker: image-tag on the worker container stays (only the sidecar's is ignored).
        #expect(ids.contains("17 image-tag"))
        #expect(!ids.contains("19 image-tag"))
        #expect(!ids.contains { $0.hasSuffix("container-resources") })
        #expect(result.ignoredCount == 3) // 2x container-resources, 1x sidecar image-tag
        let bad = result.findings.filter { $0.checkID == "ignore-annotation" }.map(\.message)
        #expect(bad.contains { $0.contains("unknown check id(s): image-tagg") })
        #expect(bad.contains { $0.contains("gives no reason") })
    }

    @Test("the ignore annotations work for the new checks: per object, per container, CRs too")
    func annotationsOnNewChecks() throws {
        var options = ValidationOptions.only(["default-namespace", "host-path-volume", "host-port", "memory-request", "secret-value", "scrape-tls", "bearer-token-file"])
        options.noSchema = true
        let path = "controls/ignored-new-checks.yaml"
        let result = try ManifestValidator(options: options).run(sources: [(path, try Fixtures.bytes(path))])
        // Only the helper container's hostPort is left: the agent's findings are ignored per container.
        #expect(result.findings.map { "\($0.location.line) \($0.checkID) \($0.container ?? "-")" } == ["18 host-port helper"])
        #expect(result.ignoredCount == 7)
    }

    @Test("every finding of every check's failing fixture names its object, so per-object ignores apply")
    func findingsNameTheirObject() throws {
        for check in CheckRegistry.all {
            let path = "checks/\(check.id)/fail.yaml"
            let loaded = try Fixtures.load(path)
            let context = CheckContext.fixture(loaded, path: path)
            for object in loaded.objects {
                for finding in check.check(object, context: context) {
                    #expect(finding.object == object.displayName, "\(check.id): \(finding.message)")
                }
            }
        }
    }

    @Test("--strict: error-level findings cannot be ignored, warnings still can")
    func strict() throws {
        let result = try run { $0.noSchema = true; $0.strict = true }
        let ids = result.findings.map { "\($0.location.line) \($0.checkID)" }
        #expect(ids.contains("19 image-tag")) // error: no longer silenced
        #expect(!ids.contains { $0.hasSuffix("container-resources") }) // warning: still silenced
        #expect(result.ignoredCount == 2)
    }

    @Test("config: disable, re-grade, fail-on")
    func config() throws {
        let yaml = """
        manifests:
          disable: [container-resources]
          severity: {image-tag: warning}
          failOn: warning
          skipPaths: ["generated/**"]
        """
        let known = Set(CheckRegistry.all.map(\.id) + CheckRegistry.builtInIDs)
        let config = try ManifestsConfig.parse(bytes: Array(yaml.utf8), file: ".opsctl.yaml", knownIDs: known)
        #expect(config.disable == ["container-resources"])
        #expect(config.severity["image-tag"] == .warning)
        #expect(config.failOn == .warning)
        #expect(InputCollector.isSkipped("generated/a/b.yaml", by: config.skipPaths))
        #expect(!InputCollector.isSkipped("k8s/a.yaml", by: config.skipPaths))

        let result = try run { options in
            options.noSchema = true
            options.apply(config: config, failOnFromFlag: false, versionFromFlag: false)
        }
        #expect(!result.findings.contains { $0.checkID == "container-resources" })
        let tags = result.findings.filter { $0.checkID == "image-tag" }
        #expect(!tags.isEmpty && tags.allSatisfy { $0.severity == .warning })
        #expect(result.failOn == .warning && result.exitCode == 1)
    }

    @Test("config errors name the place")
    func configErrors() throws {
        let known = Set(CheckRegistry.all.map(\.id))
        #expect(throws: ManifestsConfig.Problem.self) {
            try ManifestsConfig.parse(bytes: Array("manifests:\n  disable: [nope]\n".utf8), file: "c.yaml", knownIDs: known)
        }
        do {
            _ = try ManifestsConfig.parse(bytes: Array("manifests:\n  failOn: warning\n  colour: red\n".utf8), file: "c.yaml", knownIDs: known)
            Issue.record("unknown key accepted")
        } catch {
            #expect(error.description.hasPrefix("c.yaml:3:3: unknown key \"colour\""))
        }
    }

    @Test("--schema-only runs no checks; --no-schema runs no schema")
    func halves() throws {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx\n      colour: red\n"
        var options = ValidationOptions()
        options.schemaOnly = true
        let schemaOnly = try ManifestValidator(options: options).run(sources: [("p.yaml", Array(text.utf8))])
        #expect(Set(schemaOnly.findings.map(\.checkID)) == ["schema"])
        options = .only(["image-tag", "container-resources"])
        options.noSchema = true
        let checksOnly = try ManifestValidator(options: options).run(sources: [("p.yaml", Array(text.utf8))])
        #expect(Set(checksOnly.findings.map(\.checkID)) == ["image-tag", "container-resources"])
        options = ValidationOptions()
        options.noSchema = true
        let allChecks = try ManifestValidator(options: options).run(sources: [("p.yaml", Array(text.utf8))])
        let builtIn = Set(BuiltInFinding.allCases.map(\.rawValue))
        #expect(!allChecks.findings.isEmpty && !allChecks.findings.contains { builtIn.contains($0.checkID) })
    }

    @Test("fail-on decides the exit code: warnings pass at error, fail at warning")
    func failOn() throws {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n"
        var options = ValidationOptions.only(["image-tag", "container-resources"])
        let atError = try ManifestValidator(options: options).run(sources: [("p.yaml", Array(text.utf8))])
        #expect(atError.findings.map(\.checkID) == ["container-resources"])
        #expect(atError.exitCode == 0)
        options.failOn = .warning
        #expect(try ManifestValidator(options: options).run(sources: [("p.yaml", Array(text.utf8))]).exitCode == 1)
    }

    @Test("request: missing path and bad flags exit 2; folders are searched recursively")
    func request() throws {
        var request = CheckManifestsRequest()
        request.paths = ["/nonexistent/k8s"]
        request.configPath = nil
        let missing = request.run()
        #expect(missing.exitCode == 2)
        #expect(missing.stderr == ["/nonexistent/k8s: no such file or directory"])

        request.paths = [Fixtures.url("checks").path]
        request.noSchema = true
        request.schemaOnly = true
        #expect(request.run().exitCode == 2)

        request.schemaOnly = false
        request.output = .json
        let outcome = request.run()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == CheckRegistry.all.count * 2)
        #expect(outcome.exitCode == 1)
    }
}
