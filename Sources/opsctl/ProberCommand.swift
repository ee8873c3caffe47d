import ArgumentParser
import Foundation
import HTTPClient
import OpsCore
import Prober

struct ProberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prober",
        abstract: "Serve health endpoints and blackbox-style probes (/healthz, /readyz, /probe, /metrics).",
        discussion: """
            Checks and modules come from the config file's `prober:` section; --blackbox-config adds the \
            `modules:` of a blackbox_exporter blackbox.yml. The environment (OPSCTL_CONFIG, \
            OPSCTL_PROBER_LISTEN, OPSCTL_LOG_LEVEL, OPSCTL_PROBER_TIMEOUT_OFFSET) overrides the file, flags override both. \
            A malformed configuration exits with code 2 before anything starts.
            """
    )

    @Option(name: .long, help: "Configuration file (opsctl.yaml) with a `prober:` section.")
    var config: String?

    @Option(name: .long, help: "A blackbox_exporter blackbox.yml whose modules to add.")
    var blackboxConfig: String?

    @Option(name: .long, help: "HOST:PORT to listen on. Default: 0.0.0.0:9191.")
    var listen: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    @Option(name: .long, help: "Taken from Prometheus' X-Prometheus-Scrape-Timeout-Seconds for a /probe timeout. Default: 500ms.")
    var timeoutOffset: String?

    @Flag(name: .long, help: "List the metrics the prober serves (name, type, labels, help), then exit.")
    var listMetrics = false

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @Option(name: .long, help: "With --list-metrics: text or json.")
    var output: OutputFormat = .text

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings: ProberSettings
        do {
            settings = try ProberSettings.resolve(
                flags: .init(configPath: config, blackboxConfigPath: blackboxConfig, listen: listen, logLevel: logLevel,
                              timeoutOffset: timeoutOffset),
                environment: environment)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("opsctl prober: \(error)\n".utf8))
            throw ExitCode(2)
        }
        LoggingSetup.bootstrap(level: settings.logLevel)
        let server = ProberServer(settings: settings, client: HTTPClient(), environment: environment, version: BuildInfo.version,
                                  logger: LoggingSetup.logger("opsctl.prober", level: settings.logLevel))
        if listMetrics {
            let catalogue = await ProberCatalogue.catalogue(server: server, source: settings.configSource)
            print(output == .json ? try catalogue.json() : catalogue.text(), terminator: "")
            return
        }
        try await server.run()
    }
}
