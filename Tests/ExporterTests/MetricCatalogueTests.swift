import Foundation
import Testing
@testable import Exporter
import OpsCore
import TestSupport

/// `opsctl exporter --list-metrics`: the catalogue says what a scrape serves, no more, no less.
@Suite(.serialized) struct MetricCatalogueTests {
    /// The catalogue of the built-in config names exactly the families a real scrape of the
    /// seeded database returns (so an alert written against the catalogue finds its series).
    @Test func theDefaultCatalogueIsWhatAScrapeServes() async throws {
        let database = try TestDatabase.shared()
        let exporter = try await RunningExporter.start(databaseURL: database.url)
        let response = try await exporter.get("/metrics")
        await exporter.stop()
        // Every family the scrape serves has a TYPE line, with or without samples.
        let scraped = Set(response.body.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            return words.count == 4 && words[0] == "#" && words[1] == "TYPE" ? String(words[2]) : nil
        })
        #expect(scraped.count > 20)

        let config = try ExporterConfig(file: ConfigFile.parse(yaml: DefaultConfig.yaml, source: DefaultConfig.source))
        let catalogue = MetricCatalogue(config: config, source: DefaultConfig.source)
        let listed = Set(catalogue.entries.map(\.name))
        #expect(listed.count == catalogue.entries.count, "a name is listed twice")
        #expect(scraped.subtracting(listed).isEmpty, "served but not listed: \(scraped.subtracting(listed).sorted())")
        #expect(listed.subtracting(scraped).isEmpty, "listed but not served: \(listed.subtracting(scraped).sorted())")

        let users = try #require(catalogue.entries.first { $0.name == "gmailsvc_jobs_queued_user_max" })
        #expect(users.labels == ["kind"] && users.type == "gauge" && users.collector == "jobs_queued_per_user")
        let actions = try #require(catalogue.entries.first { $0.name == "gmailsvc_cleanup_actions_last_hour" })
        #expect(actions.labels == ["policy", "status", "action"])
    }

    /// The binary lists the config it is given: its own collectors (a counter with `_total`
    /// added and a static label), no built-in health when it is off, in text and in JSON.
    @Test func aCustomConfigListsItsOwnMetrics() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-catalogue-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            exporter:
              postgres_health: false
              collectors:
                - name: orders
                  query: SELECT state, count(*) AS n FROM orders GROUP BY state
                  metrics:
                    - name: shop_orders
                      help: Orders by state.
                      type: counter
                      key_labels: [state]
                      static_labels: {team: shop}
                      value: n
                - name: archived_orders
                  query: SELECT state, count(*) AS n FROM archived_orders GROUP BY state
                  metrics:
                    - {name: shop_orders, help: Archived orders., type: counter, key_labels: [state], value: n}
            """.write(toFile: path, atomically: true, encoding: .utf8)

        let json = try spawnAndWait([CommandTests.binary, "exporter", "--config", path, "--list-metrics", "--output", "json"])
        #expect(json.status == 0, "\(json.output)")
        struct Document: Decodable {
            struct Metric: Decodable { var name, type, help, collector: String; var labels: [String] }
            var job: String
            var source: String
            var metrics: [Metric]
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(json.output.utf8))
        #expect(document.job == "exporter" && document.source == path)
        let names = Set(document.metrics.map(\.name))
        let orders = try #require(document.metrics.first { $0.name == "shop_orders_total" })
        #expect(orders.type == "counter" && orders.labels == ["state", "team"] && orders.collector == "orders")
        // Two collectors feeding one family (the encoder merges them) give one entry, the first.
        #expect(orders.help == "Orders by state.")
        #expect(document.metrics.filter { $0.name == "shop_orders_total" }.count == 1)
        #expect(names.contains("pg_up") && names.contains("opsctl_exporter_collector_success"))
        #expect(!names.contains("gmailsvc_jobs"), "the built-in collectors are not in a custom config")
        #expect(!names.contains("pg_stat_activity_count") && !names.contains("pg_settings_max_connections"),
                "postgres_health: false lists no built-in health")

        let text = try spawnAndWait([CommandTests.binary, "exporter", "--config", path, "--list-metrics"])
        #expect(text.status == 0)
        let lines = text.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("# opsctl exporter: \(document.metrics.count) metrics from \(path)") == true)
        #expect(lines.contains { $0.hasPrefix("shop_orders_total ") && $0.contains("counter") && $0.contains("state,team")
                                 && $0.hasSuffix("Orders by state.") })
    }

    @Test func aMalformedConfigIsReportedNotListed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opsctl-catalogue-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "exporter:\n  collectors:\n    - name: x\n      query: SELECT 1 AS v\n      metrics: [{name: 'bad name', value: v}]\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try spawnAndWait([CommandTests.binary, "exporter", "--config", path, "--list-metrics"])
        #expect(result.status == 2)
        #expect(result.output.contains("\(path):5:") && result.output.contains("'bad name' is not a valid metric name"))
    }
}
