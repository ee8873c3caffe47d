import ArgumentParser

struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exporter", abstract: "(being built)")
    func run() async throws { throw ExitCode(2) }
}
