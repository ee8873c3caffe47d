import ArgumentParser

struct CheckManifestsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-manifests", abstract: "(being built)")
    func run() async throws { throw ExitCode(2) }
}
