import ArgumentParser

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "(being built)")
    func run() async throws { throw ExitCode(2) }
}
