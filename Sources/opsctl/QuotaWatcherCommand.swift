import ArgumentParser
import Foundation
import OpsCore
import Quota

struct QuotaWatcherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota-watcher",
        abstract: "Tail the Gmail API ledger: quota windows as Prometheus metrics (/metrics) and an admission API (/v1/quota/...).",
        discussion: """
            Settings come from the config file's `quota:` section, overridden by the environment \
            (OPSCTL_CONFIG, OPSCTL_QUOTA_LISTEN, OPSCTL_QUOTA_ADMISSION_LISTEN, OPSCTL_QUOTA_PSEUDONYM_KEY, \
            OPSCTL_LOG_LEVEL, DATABASE_URL, PG*), overridden by flags. \
            A malformed configuration exits with code 2 before anything starts.
            """
    )

    @Option(name: .long, help: "Configuration file (opsctl.yaml); its `quota:` section. Default: built-in limits and costs.")
    var config: String?

    @Option(name: .long, help: "PostgreSQL URL or conninfo. Default: DATABASE_URL, else libpq's PG* variables.")
    var databaseURL: String?

    @Option(name: .long, help: "HOST:PORT for /metrics, /healthz and /. Default: 0.0.0.0:9189.")
    var listen: String?

    @Option(name: .long, help: "HOST:PORT for the admission API. Default: 127.0.0.1:9190 (loopback).")
    var admissionListen: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    @Flag(name: .long, help: "List the metrics the watcher serves (name, type, labels, help), then exit.")
    var listMetrics = false

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @Option(name: .long, help: "With --list-metrics: text or json.")
    var output: OutputFormat = .text

    func run() async throws {
        let settings: QuotaSettings
        do {
            settings = try QuotaSettings.resolve(
                flags: .init(configPath: config, databaseURL: databaseURL, listen: listen, admissionListen: admissionListen, logLevel: logLevel),
                environment: ProcessInfo.processInfo.environment, applicationName: "opsctl-quota-watcher")
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("opsctl quota-watcher: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if listMetrics {
            let catalogue = WatcherCatalogue.catalogue(settings: settings)
            print(output == .json ? try catalogue.json() : catalogue.text(), terminator: "")
            return
        }
        LoggingSetup.bootstrap(level: settings.logLevel)
        let server = WatcherServer(settings: settings, logger: LoggingSetup.logger("opsctl.quota-watcher", level: settings.logLevel))
        try await server.run()
    }
}
