import ArgumentParser

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
        ]
    )
}
