import Logging

/// A sidecar's settings come in layers, each later one winning: the config file (or the
/// built-in default), the environment, the flags. These read one setting through the layers
/// the same way for every job; a bad value is a `ConfigError` naming the layer it came from
/// (`environment variable NAME`, `flag --name`). An empty environment variable counts as unset.
public enum SettingLayers {
    /// `--config`, else `OPSCTL_CONFIG`.
    public static func configPath(flag: String?, environment: [String: String]) -> String? {
        flag ?? environment["OPSCTL_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The file's value (or `fallback`), then `variable`, then the flag.
    public static func value<T>(file: T?, fallback: T, variable: String, flagName: String, flag: String?,
                                environment: [String: String], parse: (String) throws -> T) throws -> T {
        var value = file ?? fallback
        if let text = environment[variable], !text.isEmpty {
            value = try parsed(text, source: "environment variable \(variable)", parse)
        }
        if let flag {
            value = try parsed(flag, source: "flag \(flagName)", parse)
        }
        return value
    }

    /// A listen address: the file's, then `variable`, then `flagName` (`--listen` unless told).
    public static func listen(file: ListenAddress?, fallback: ListenAddress, variable: String,
                              flagName: String = "--listen", flag: String?,
                              environment: [String: String]) throws -> ListenAddress {
        try value(file: file, fallback: fallback, variable: variable, flagName: flagName, flag: flag,
                  environment: environment) { try ListenAddress(parsing: $0) }
    }

    /// The log level: the file's (or `info`), then `OPSCTL_LOG_LEVEL`, then `--log-level`.
    public static func logLevel(file: Logger.Level?, flag: String?, environment: [String: String]) throws -> Logger.Level {
        try value(file: file, fallback: .info, variable: "OPSCTL_LOG_LEVEL", flagName: "--log-level", flag: flag,
                  environment: environment) { try LoggingSetup.parseLevel($0) }
    }

    /// Runs `check` on the connection settings (from `--database-url` when given, else
    /// `DATABASE_URL`) and names that layer in the error.
    public static func checkDatabaseURL(flag: String?, _ check: () throws -> Void) throws {
        do {
            try check()
        } catch {
            let source = flag?.isEmpty == false ? "flag --database-url" : "environment variable DATABASE_URL"
            throw ConfigError(source: source, message: "\(error)")
        }
    }

    private static func parsed<T>(_ text: String, source: String, _ parse: (String) throws -> T) throws -> T {
        do {
            return try parse(text)
        } catch {
            throw ConfigError(source: source, message: "\(error)")
        }
    }
}
