import ArgumentParser
import Foundation
import HTTPClient
import Prober

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe one target now: every phase timed, the reason of a failure in plain words.",
        discussion: """
            The module is --module NAME (built in: http_2xx, tcp_connect, postgres, gmail; or one from \
            --config / --blackbox-config), else told by the target: a URL is http_2xx, a postgresql:// \
            connection string is postgres, HOST:PORT is tcp_connect. \
            Exit code 0 when the probe succeeds, 1 when it fails, 2 for bad input.
            """
    )

    @Argument(help: "URL, PostgreSQL connection string or HOST:PORT.")
    var target: String

    @Option(name: .long, help: "Module name.")
    var module: String?

    @Option(name: .long, help: "Timeout, e.g. 5s or 500ms. Default: the module's, else 5s.")
    var timeout: String?

    @Option(name: .long, help: "Configuration file (opsctl.yaml) whose `prober:` modules to use.")
    var config: String?

    @Option(name: .long, help: "A blackbox_exporter blackbox.yml whose modules to use.")
    var blackboxConfig: String?

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let probe: OneShotProbe
        do {
            probe = try OneShotProbe.prepare(
                .init(target: target, module: module, timeout: timeout, configPath: config, blackboxConfigPath: blackboxConfig),
                environment: environment)
        } catch {
            FileHandle.standardError.write(Data("opsctl probe: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let (result, _) = await probe.run(client: HTTPClient(), environment: environment)
        let text = output == .json ? ProbeReport.json(result, probe: probe) : ProbeReport.text(result, probe: probe)
        FileHandle.standardOutput.write(Data(text.utf8))
        if !result.success { throw ExitCode(1) }
    }
}
