import Testing
@testable import OpsCore

@Suite struct ConfigTests {
    @Test func unknownTopLevelSectionNamesFileLineColumn() throws {
        let yaml = "exporter:\n  listen: :9188\nexproter:\n  x: 1\n"
        let error = #expect(throws: ConfigError.self) { try ConfigFile.parse(yaml: yaml, source: "opsctl.yaml") }
        #expect(error?.description.hasPrefix("opsctl.yaml:3:1: unknown key 'exproter'") == true)
    }

    @Test func yamlSyntaxErrorNamesThePlace() throws {
        let yaml = "exporter:\n  collectors: [\n    - a\n"
        let error = #expect(throws: ConfigError.self) { try ConfigFile.parse(yaml: yaml, source: "f.yaml") }
        #expect(error?.line != nil)
        #expect(error?.description.hasPrefix("f.yaml:") == true)
        #expect(error?.description.contains("invalid YAML") == true)
    }

    @Test func typedReadsFailAtTheValue() throws {
        let yaml = """
            exporter:
              name: 12
              count: twelve
              flag: maybe
              timeout: 10 seconds
              list: notalist

            """
        let file = try ConfigFile.parse(yaml: yaml, source: "t.yaml")
        let section = try #require(file.section("exporter"))
        let map = try section.mapping(allowedKeys: ["name", "count", "flag", "timeout", "list"])
        #expect(try map.required("name").string() == "12")
        let count = #expect(throws: ConfigError.self) { try map.required("count").int() }
        #expect(count?.description == "t.yaml:3:10: exporter.count: expected an integer, found a string")
        let flag = #expect(throws: ConfigError.self) { try map.required("flag").bool() }
        #expect(flag?.description == "t.yaml:4:9: exporter.flag: expected true or false, found a string")
        let timeout = #expect(throws: ConfigError.self) { try map.required("timeout").duration() }
        #expect(timeout?.description.hasPrefix("t.yaml:5:12: exporter.timeout: invalid duration '10 seconds'") == true)
        let list = #expect(throws: ConfigError.self) { try map.required("list").stringList() }
        #expect(list?.description == "t.yaml:6:9: exporter.list: expected a list, found a string")
        let missing = #expect(throws: ConfigError.self) { try map.required("absent") }
        #expect(missing?.description == "t.yaml:2:3: exporter: missing required key 'absent'")
    }

    @Test func duplicateKeysAreRejected() throws {
        let error = #expect(throws: ConfigError.self) {
            try ConfigFile.parse(yaml: "exporter:\n  a: 1\n  a: 2\n", source: "d.yaml")
        }
        #expect(error?.source == "d.yaml")
        #expect(error?.line != nil)
        #expect(error?.message.contains("duplicate key 'a'") == true)
    }

    @Test func emptyFileIsAnEmptyConfig() throws {
        let file = try ConfigFile.parse(yaml: "", source: "e.yaml")
        #expect(file.section("exporter") == nil)
    }

    @Test func missingFileIsAConfigError() {
        let error = #expect(throws: ConfigError.self) { try ConfigFile.load(path: "/nonexistent/opsctl.yaml") }
        #expect(error?.description.hasPrefix("/nonexistent/opsctl.yaml: cannot read configuration file") == true)
    }

    @Test func durations() throws {
        #expect(try DurationParser.parse("15s") == .seconds(15))
        #expect(try DurationParser.parse("500ms") == .milliseconds(500))
        #expect(try DurationParser.parse("2m") == .seconds(120))
        #expect(try DurationParser.parse("1h") == .seconds(3600))
        #expect(try DurationParser.parse("1h30m") == .seconds(5400))
        #expect(try DurationParser.parse("1d") == .seconds(86400))
        for bad in ["", "15", "s", "1.5s", "-1s", "15 s", "1y", "99999999999999999999s"] {
            #expect(throws: DurationParser.Failure.self) { try DurationParser.parse(bad) }
        }
    }

    @Test func listenAddresses() throws {
        #expect(try ListenAddress(parsing: "127.0.0.1:9188") == ListenAddress(host: "127.0.0.1", port: 9188))
        #expect(try ListenAddress(parsing: ":9188") == ListenAddress(host: "0.0.0.0", port: 9188))
        #expect(try ListenAddress(parsing: "[::1]:80") == ListenAddress(host: "::1", port: 80))
        for bad in ["9188", "host:", "host:99999", "::1:80", "a:b"] {
            #expect(throws: ListenAddress.Failure.self) { try ListenAddress(parsing: bad) }
        }
    }

    @Test func logLevels() throws {
        #expect(try LoggingSetup.parseLevel("DEBUG") == .debug)
        #expect(throws: LoggingSetup.InvalidLevel.self) { try LoggingSetup.parseLevel("loud") }
    }
}
