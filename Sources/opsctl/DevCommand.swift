import ArgumentParser

struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dev", abstract: "(being built)")
    func run() async throws { throw ExitCode(2) }
}
