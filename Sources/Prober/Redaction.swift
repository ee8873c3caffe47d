import Foundation
import Postgres

/// Targets as they may be shown: a PostgreSQL connection string without its password, a
/// URL without the password of its user-info part.
enum Redaction {
    static func target(_ target: String, module: ModuleConfig) -> String {
        if case .postgres = module.settings { return PostgresConfig(conninfo: target).redacted }
        return url(target)
    }

    /// `https://user:secret@host/x` -> `https://user:***@host/x`.
    static func url(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<schemeEnd.upperBound]) + authority[..<colon] + ":***" + authority[at...] + rest[authorityEnd...]
    }
}
