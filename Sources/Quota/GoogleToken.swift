import Foundation

/// The bearer token for Cloud Monitoring: the environment variable `quota.google.token_env`
/// (default `OPSCTL_GOOGLE_TOKEN`) when set and non-empty, else the contents of
/// `quota.google.token_file` (surrounding whitespace trimmed). The value is never logged,
/// put in an error or a metric: `description` is masked.
public struct GoogleToken: Sendable, CustomStringConvertible {
    public let value: String

    public var description: String { "***" }

    public static func resolve(_ config: GoogleUsageConfig, environment: [String: String]) throws(GoogleUsageError) -> GoogleToken {
        if let text = environment[config.tokenEnvironment]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            return try check(text, source: "environment variable \(config.tokenEnvironment)")
        }
        guard let path = config.tokenFile else { throw .noToken(environment: config.tokenEnvironment, file: nil) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw .noToken(environment: config.tokenEnvironment, file: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .tokenFile(path: path, problem: "cannot be read (permissions?)")
        }
        guard data.count <= 16_384 else { throw .tokenFile(path: path, problem: "is larger than 16 KiB; expected one access token") }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .tokenFile(path: path, problem: "is empty") }
        return try check(text, source: "quota.google.token_file '\(path)'")
    }

    /// A token goes into a header line: no spaces, control or non-ASCII characters.
    static func check(_ text: String, source: String) throws(GoogleUsageError) -> GoogleToken {
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else { throw .badToken(source: source) }
        return GoogleToken(value: text)
    }
}
