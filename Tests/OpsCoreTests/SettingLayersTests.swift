import Testing
@testable import OpsCore

/// Every sidecar reads its listen address and log level as file < environment < flag, and a
/// bad value names the layer it came from.
@Suite struct SettingLayersTests {
    let fallback = ListenAddress(host: "0.0.0.0", port: 9188)
    let fromFile = ListenAddress(host: "127.0.0.1", port: 1000)

    @Test func laterLayersWin() throws {
        let variable = "OPSCTL_X_LISTEN"
        #expect(try SettingLayers.listen(file: nil, fallback: fallback, variable: variable, flag: nil, environment: [:]) == fallback)
        #expect(try SettingLayers.listen(file: fromFile, fallback: fallback, variable: variable, flag: nil, environment: [:]) == fromFile)
        let environment = [variable: "127.0.0.1:2000"]
        #expect(try SettingLayers.listen(file: fromFile, fallback: fallback, variable: variable, flag: nil,
                                         environment: environment) == ListenAddress(host: "127.0.0.1", port: 2000))
        #expect(try SettingLayers.listen(file: fromFile, fallback: fallback, variable: variable, flag: "127.0.0.1:3000",
                                         environment: environment) == ListenAddress(host: "127.0.0.1", port: 3000))
        // An empty variable is unset.
        #expect(try SettingLayers.listen(file: fromFile, fallback: fallback, variable: variable, flag: nil,
                                         environment: [variable: ""]) == fromFile)
        #expect(try SettingLayers.logLevel(file: .warning, flag: nil, environment: ["OPSCTL_LOG_LEVEL": "debug"]) == .debug)
        #expect(try SettingLayers.logLevel(file: nil, flag: nil, environment: [:]) == .info)
        #expect(SettingLayers.configPath(flag: nil, environment: ["OPSCTL_CONFIG": "/etc/opsctl.yaml"]) == "/etc/opsctl.yaml")
        #expect(SettingLayers.configPath(flag: "a.yaml", environment: ["OPSCTL_CONFIG": "/etc/opsctl.yaml"]) == "a.yaml")
        #expect(SettingLayers.configPath(flag: nil, environment: ["OPSCTL_CONFIG": ""]) == nil)
    }

    @Test func aBadValueNamesItsLayer() {
        #expect {
            try SettingLayers.listen(file: nil, fallback: fallback, variable: "OPSCTL_X_LISTEN", flag: nil,
                                     environment: ["OPSCTL_X_LISTEN": "nowhere"])
        } throws: { ($0 as? ConfigError)?.source == "environment variable OPSCTL_X_LISTEN" }
        #expect {
            try SettingLayers.logLevel(file: nil, flag: "loud", environment: [:])
        } throws: { ($0 as? ConfigError)?.source == "flag --log-level" }
        struct Bad: Error {}
        #expect {
            try SettingLayers.checkDatabaseURL(flag: nil) { throw Bad() }
        } throws: { ($0 as? ConfigError)?.source == "environment variable DATABASE_URL" }
        #expect {
            try SettingLayers.checkDatabaseURL(flag: "postgresql://x") { throw Bad() }
        } throws: { ($0 as? ConfigError)?.source == "flag --database-url" }
    }
}
