import CLibPQ

/// libpq keyword/value connection parameters, parsed with libpq's own parser
/// (`PQconninfoParse`), so URLs and key=value strings mean exactly what they mean to psql.
struct ConnectionParameters: Sendable, Equatable {
    var values: [String: String]

    init(_ values: [String: String] = [:]) { self.values = values }

    /// Parses a URL (`postgresql://...`) or key=value conninfo. An empty string is valid and
    /// yields no parameters (libpq then uses its PG* environment and defaults).
    static func parse(_ conninfo: String) -> Result<ConnectionParameters, PostgresError> {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            var message = "could not parse the connection string"
            if let errorMessage {
                message = String(cString: errorMessage).trimmingTrailingWhitespace()
                PQfreemem(errorMessage)
            }
            var scrubber = SecretScrubber()
            // The parser can quote the offending fragment; never let a password through.
            for piece in conninfo.split(whereSeparator: { $0 == " " || $0 == "&" || $0 == "@" }) {
                if piece.lowercased().hasPrefix("password=") {
                    scrubber.add(String(piece.dropFirst("password=".count)))
                }
            }
            return .failure(.invalidConfig(scrubber.scrub(message)))
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                values[String(cString: keyword)] = String(cString: value)
            }
            option = option.advanced(by: 1)
        }
        return .success(ConnectionParameters(values))
    }

    /// libpq's environment variables and the keyword each one sets.
    static let environmentKeywords: [(variable: String, keyword: String)] = [
        ("PGHOST", "host"), ("PGHOSTADDR", "hostaddr"), ("PGPORT", "port"),
        ("PGDATABASE", "dbname"), ("PGUSER", "user"), ("PGPASSWORD", "password"),
        ("PGPASSFILE", "passfile"), ("PGSERVICE", "service"), ("PGSERVICEFILE", "servicefile"),
        ("PGOPTIONS", "options"), ("PGAPPNAME", "application_name"),
        ("PGSSLMODE", "sslmode"), ("PGSSLCERT", "sslcert"), ("PGSSLKEY", "sslkey"),
        ("PGSSLROOTCERT", "sslrootcert"), ("PGSSLCRL", "sslcrl"),
        ("PGCONNECT_TIMEOUT", "connect_timeout"), ("PGTARGETSESSIONATTRS", "target_session_attrs"),
        ("PGGSSENCMODE", "gssencmode"), ("PGKRBSRVNAME", "krbsrvname"),
    ]

    /// The PG* variables of `environment` as parameters.
    static func fromEnvironment(_ environment: [String: String]) -> ConnectionParameters {
        var values: [String: String] = [:]
        for (variable, keyword) in environmentKeywords {
            if let value = environment[variable], !value.isEmpty { values[keyword] = value }
        }
        return ConnectionParameters(values)
    }

    /// `self` with every value of `other` on top.
    func overlaid(by other: ConnectionParameters) -> ConnectionParameters {
        ConnectionParameters(values.merging(other.values) { _, new in new })
    }

    subscript(keyword: String) -> String? {
        get { values[keyword] }
        set { values[keyword] = newValue }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var result = Substring(self)
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return String(result)
    }
}
