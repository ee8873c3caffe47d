import ArgumentParser
import Exporter
import Foundation
import OpsCore

struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exporter",
        abstract: "Serve the Gmail service's PostgreSQL as Prometheus metrics (/metrics, /healthz, /).",
        discussion: """
            Settings come from the config file's `exporter:` section, overridden by the environment \
            (OPSCTL_CONFIG, OPSCTL_EXPORTER_LISTEN, OPSCTL_LOG_LEVEL, DATABASE_URL, PG*), overridden by flags. \
            Without --config the built-in collectors for the reference schema are used. \
            A malformed configuration exits with code 2 before anything starts.
            """
    )

    @Option(name: .long, help: "Configuration file (opsctl.yaml). Default: the built-in config/opsctl.yaml.")
    var config: String?

    @Option(name: .long, help: "PostgreSQL URL or conninfo. Default: DATABASE_URL, else libpq's PG* variables.")
    var databaseURL: String?

    @Option(name: .long, help: "HOST:PORT to listen on. Default: 0.0.0.0:9188.")
    var listen: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    @Flag(name: .long, help: "Print the metrics this configuration serves (name, type, labels, collector, help) and exit.")
    var listMetrics = false

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @Option(name: .long, help: "With --list-metrics: text or json.")
    var output: OutputFormat = .text

    func run() async throws {
        let settings: ExporterSettings
        do {
            settings = try ExporterSettings.resolve(
                flags: .init(configPath: config, databaseURL: databaseURL, listen: listen, logLevel: logLevel),
                environment: ProcessInfo.processInfo.environment
            )
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("opsctl exporter: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if listMetrics {
            let catalogue = MetricCatalogue(config: settings.config, source: settings.configSource)
            print(output == .json ? try catalogue.json() : catalogue.text(), terminator: "")
            return
        }
        LoggingSetup.bootstrap(level: settings.logLevel)
        let server = ExporterServer(settings: settings, version: BuildInfo.version,
                                    logger: LoggingSetup.logger("opsctl.exporter", level: settings.logLevel))
        try await server.run()
    }
}
