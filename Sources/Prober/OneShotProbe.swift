import Foundation
import HTTPClient
import OpsCore

/// `opsctl probe TARGET`: one probe from a terminal. Picks the module (named, or told by the
/// target's shape), checks the target, runs the probe under its timeout.
public struct OneShotProbe: Sendable {
    public struct Request: Sendable {
        public var target: String
        public var module: String?
        public var timeout: String?
        public var configPath: String?
        public var blackboxConfigPath: String?

        public init(target: String, module: String? = nil, timeout: String? = nil, configPath: String? = nil, blackboxConfigPath: String? = nil) {
            self.target = target
            self.module = module
            self.timeout = timeout
            self.configPath = configPath
            self.blackboxConfigPath = blackboxConfigPath
        }
    }

    /// Bad input (exit 2): an unknown module, a malformed target, a bad timeout or config file.
    public struct BadInput: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public let module: ModuleConfig
    public let target: String
    public let timeout: Duration

    public static func prepare(_ request: Request, environment: [String: String]) throws(BadInput) -> OneShotProbe {
        let config: ProberConfig
        do {
            let file = try request.configPath.map { try ConfigFile.load(path: $0) }
            let blackbox = try request.blackboxConfigPath.map { try ConfigFile.load(path: $0, allowedKeys: ["modules"]) }
            config = try ProberConfig(file: file, blackbox: blackbox)
        } catch {
            throw BadInput("\(error)")
        }
        let name: String
        if let given = request.module { name = given } else { name = try inferModule(request.target) }
        guard let module = config.modules[name] else {
            throw BadInput("unknown module '\(name)' (known: \(config.modules.keys.sorted().joined(separator: ", ")))")
        }
        do {
            try ProberFactory.validate(target: request.target, module: module)
        } catch {
            throw BadInput("invalid target for module '\(name)': \(error)")
        }
        var timeout = module.timeout ?? ModuleConfig.defaultTimeout
        if let text = request.timeout {
            do { timeout = try DurationParser.parse(text) } catch { throw BadInput("--timeout: \(error)") }
            guard timeout > .zero else { throw BadInput("--timeout must be more than 0") }
        }
        return OneShotProbe(module: module, target: request.target, timeout: timeout)
    }

    /// The module a target's shape suggests: a URL's scheme, or `host:port` for tcp.
    static func inferModule(_ target: String) throws(BadInput) -> String {
        let lower = target.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return "http_2xx" }
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") || lower.contains("dbname=") || lower.contains("host=") {
            return "postgres"
        }
        if (try? TCPProber.split(target)) != nil { return "tcp_connect" }
        throw BadInput("cannot tell the module from '\(Redaction.url(target))'; give a URL (https://...), a connection string (postgresql://...), HOST:PORT, or --module NAME")
    }

    public func run(client: HTTPClient, environment: [String: String]) async -> (ProbeResult, ProbeLog) {
        let log = ProbeLog()
        let factory = ProberFactory(client: client, environment: environment)
        return (await factory.run(module, target: target, timeout: timeout, log: log), log)
    }

    /// The target as it may be shown (no password).
    public var displayTarget: String { Redaction.target(target, module: module) }
}
