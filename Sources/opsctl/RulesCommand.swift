import ArgumentParser
import Foundation
import PromQL
import Rules

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Lint and unit-test Prometheus alerting and recording rules.",
        subcommands: [RulesCheckCommand.self, RulesTestCommand.self]
    )
}

struct RulesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate rule files like promtool check rules, plus offline lints. Exit 0 clean, 1 findings, 2 unreadable input."
    )

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @Argument(help: "Rule files (plain groups or PrometheusRule CRDs).")
    var files: [String] = []

    @Flag(name: .long, help: "List every lint with why and fix, then exit.")
    var listLints = false

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    @Option(name: .long, help: "Lint settings file (YAML).")
    var config: String?

    @Option(name: .long, help: "Directory that holds runbooks/ (overrides runbook_root).")
    var runbookRoot: String?

    @Option(name: .long, help: "Scrape interval rate ranges are checked against (overrides scrape_interval).")
    var scrapeInterval: String?

    @Option(name: .long, help: "Lowest severity that fails the run: warning or error.")
    var failOn: String = "warning"

    @Flag(name: .long, help: "Tolerate unknown fields in rule files.")
    var ignoreUnknownFields = false

    @Option(name: .customLong("enable-feature"), help: "PromQL features to switch on, as promtool's (comma-separated, repeatable): promql-experimental-functions, promql-duration-expr, promql-binop-fill-modifiers, promql-extended-range-selectors.")
    var enableFeature: [String] = []

    func run() throws {
        if listLints {
            for lint in Lints.all {
                print(lint.id.padding(toLength: 28, withPad: " ", startingAt: 0) + " " + lint.why)
                print(String(repeating: " ", count: 29) + "fix: " + lint.fix)
            }
            return
        }
        guard !files.isEmpty else { throw ValidationError("give at least one rule file (or --list-lints)") }
        var lintConfig = LintConfig()
        if let path = config {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                FileHandle.standardError.write(Data("\(path): cannot read config file\n".utf8))
                throw ExitCode(2)
            }
            do { lintConfig = try LintConfigLoader.load(path: path, text: text) } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        if let r = runbookRoot { lintConfig.runbookRoot = r }
        do { lintConfig.features.formUnion(try FeatureFlags.parse(enableFeature)) } catch {
            FileHandle.standardError.write(Data("--enable-feature: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let s = scrapeInterval {
            do { lintConfig.scrapeIntervalMs = try PromDuration.parse(s) } catch {
                throw ValidationError("--scrape-interval: \(error)")
            }
        }
        guard let threshold = Severity(rawValue: failOn) else { throw ValidationError("--fail-on must be warning or error") }
        let report = RulesChecker(config: lintConfig, ignoreUnknownFields: ignoreUnknownFields).check(paths: files)
        switch output {
        case .text: print(FindingTextReporter.render(report.findings), terminator: "")
        case .json: print(FindingJSONReporter.render(report.findings), terminator: "")
        }
        for path in report.unreadable {
            FileHandle.standardError.write(Data("\(path): cannot read file\n".utf8))
        }
        if !report.unreadable.isEmpty { throw ExitCode(2) }
        if report.hasFindings(atLeast: threshold) { throw ExitCode(1) }
    }
}

struct RulesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run promtool-format rule unit tests. Exit 0 when all pass, 1 otherwise."
    )

    @Argument(help: "Test files (promtool test rules format).")
    var files: [String]

    @Option(name: .customLong("run"), help: "Only run test groups whose name matches this regular expression (repeatable).")
    var runPatterns: [String] = []

    @Option(name: .long, help: "Write a JUnit XML report to this file.")
    var junit: String?

    @Flag(name: .long, help: "Tolerate unknown fields in rule files.")
    var ignoreUnknownFields = false

    @Flag(name: .long, help: "Show a diff of expected and got on failures.")
    var diff = false

    @Flag(name: .long, help: "List alerting rules no test made fire and rules never evaluated.")
    var coverage = false

    @Option(name: .customLong("enable-feature"), help: "PromQL features to switch on, as promtool's (comma-separated, repeatable): promql-experimental-functions, promql-duration-expr, promql-binop-fill-modifiers, promql-extended-range-selectors.")
    var enableFeature: [String] = []

    func run() throws {
        let features: PromQLFeatures
        do { features = try FeatureFlags.parse(enableFeature) } catch {
            FileHandle.standardError.write(Data("--enable-feature: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let options = RulesTestOptions(run: runPatterns, ignoreUnknownFields: ignoreUnknownFields, diff: diff, features: features)
        let report = RulesTestRunner(options: options).run(files: files)
        let text = TestTextReporter.render(report, coverage: coverage)
        FileHandle.standardError.write(Data(text.stderr.utf8))
        print(text.stdout, terminator: "")
        if let path = junit {
            do { try JUnitReporter.render(report).write(toFile: path, atomically: true, encoding: .utf8) } catch {
                FileHandle.standardError.write(Data("--junit \(path): \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
        }
        if !report.passed { throw ExitCode(1) }
    }
}
