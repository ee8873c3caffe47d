import ArgumentParser
import Foundation

@main
struct Opsctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opsctl",
        abstract: "Operations and observability toolkit for a Gmail-API service on PostgreSQL, Kubernetes and Prometheus.",
        version: BuildInfo.version,
        subcommands: [
            ExporterCommand.self,
            CheckManifestsCommand.self,
            RulesCommand.self,
            QuotaCommand.self,
            QuotaWatcherCommand.self,
            ProberCommand.self,
            ProbeCommand.self,
        ]
    )

    /// As the default, except that usage errors (unknown flag, missing argument) exit 2, the
    /// code every opsctl job documents for usage errors, not swift-argument-parser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                let message = fullMessage(for: error)
                FileHandle.standardError.write(Data((message + (message.hasSuffix("\n") ? "" : "\n")).utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
