import ArgumentParser
import Foundation
import HTTPClient
import OpsCore
import Postgres
import Quota

struct QuotaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota",
        abstract: "Gmail API quota from the ledger, once: who burns it, how close the limits are (no sidecar needed).",
        discussion: """
            Reads the ledger (gmail_api_calls) with bounded queries. Limits and costs come from the config \
            file's `quota:` section (defaults: Google's published table and the current limits). \
            Exit codes: 0 OK, 1 NEAR LIMIT or THROTTLED, 2 an error.
            """,
        subcommands: [Report.self, Plan.self],
        defaultSubcommand: Report.self
    )

    struct Common: ParsableArguments {
        @Option(name: .long, help: "Configuration file (opsctl.yaml); its `quota:` section. Default: built-in limits and costs.")
        var config: String?

        @Option(name: .long, help: "PostgreSQL URL or conninfo. Default: DATABASE_URL, else libpq's PG* variables.")
        var databaseURL: String?

        func settings() throws -> QuotaSettings {
            do {
                return try QuotaSettings.resolve(flags: .init(configPath: config, databaseURL: databaseURL),
                                                 environment: ProcessInfo.processInfo.environment,
                                                 applicationName: "opsctl-quota")
            } catch let error as ConfigError {
                QuotaCommand.fail("\(error)")
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "The incident report (the default): verdict, per-minute units, methods, top users, rate limits, senders, today."
        )

        @OptionGroup var common: Common

        @Option(name: .long, help: "Window: 1m, 5m, 1h or 24h.")
        var window: String = "1h"

        @Option(name: .long, help: "How many users to list.")
        var top: Int = 10

        @Option(name: .long, help: "Report on one user only (their minutes against the per-user limit).")
        var user: String?

        @Option(name: .long, help: "table or json.")
        var output: String = "table"

        @Flag(name: .long, help: "Compare the ledger's units with Google's own count (Cloud Monitoring, `quota.google`), per period of the window; exit 1 when they drift past quota.google.drift_tolerance.")
        var compareGoogle = false

        func validate() throws {
            guard (try? ReportWindow(parsing: window)) != nil else { throw ValidationError("invalid --window '\(window)' (expected 1m, 5m, 1h or 24h)") }
            guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
            guard ["table", "json"].contains(output) else { throw ValidationError("invalid --output '\(output)' (expected table or json)") }
            if compareGoogle, user != nil { throw ValidationError("--compare-google compares the project's units; it does not take --user") }
        }

        func run() async throws {
            let settings = try common.settings()
            let window = (try? ReportWindow(parsing: window)) ?? .oneHour
            if compareGoogle { try await QuotaCommand.compareGoogle(settings: settings, window: window, json: output == "json") }
            var database = settings.database
            database.sessionSettings.merge(ReportBuilder.sessionSettings) { $1 }
            let pool = PostgresPool(config: database, maxConnections: ReportBuilder.connections,
                                    logger: LoggingSetup.logger("opsctl.quota", level: .critical))
            let report: QuotaReport
            do {
                report = try await ReportBuilder(config: settings.config).build(pool, window: window, top: top, user: user)
                await pool.close()
            } catch {
                await pool.close()
                QuotaCommand.fail("\(error)")
            }
            let verdict = Verdict(report)
            let text = output == "json"
                ? ReportJSONFormatter.format(report, verdict: verdict)
                : ReportTableFormatter(colour: QuotaCommand.colourOnStandardOutput).format(report, verdict: verdict)
            FileHandle.standardOutput.write(Data(text.utf8))
            throw ExitCode(verdict.status.exitCode)
        }
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Cost and duration of a bulk cleanup of one user's messages, per strategy, within the per-user limit."
        )

        @OptionGroup var common: Common

        @Option(name: .long, help: "The user whose messages are cleaned up.")
        var user: String

        @Option(name: .long, help: "How many messages.")
        var messages: Int

        @Option(name: .long, help: "archive, trash or label.")
        var action: String

        func validate() throws {
            guard messages >= 0 else { throw ValidationError("--messages must be 0 or more") }
            guard CleanupPlan.Action(rawValue: action) != nil else { throw ValidationError("invalid --action '\(action)' (expected archive, trash or label)") }
        }

        func run() async throws {
            let settings = try common.settings()
            let pool = PostgresPool(config: settings.database, maxConnections: 1, logger: LoggingSetup.logger("opsctl.quota", level: .critical))
            let burn: Int
            do {
                burn = try await ReportBuilder(config: settings.config).userBurn(pool, user: user)
                await pool.close()
            } catch {
                await pool.close()
                QuotaCommand.fail("\(error)")
            }
            let plan = CleanupPlan(user: user, messages: messages, action: CleanupPlan.Action(rawValue: action) ?? .archive,
                                   costs: settings.config.costs, limits: settings.config.limits, currentBurnPerMinute: burn)
            FileHandle.standardOutput.write(Data(plan.format().utf8))
        }
    }

    static func compareGoogle(settings: QuotaSettings, window: ReportWindow, json: Bool) async throws -> Never {
        let google = settings.config.google
        let token: GoogleToken
        do {
            guard google.projectID != nil else { throw GoogleUsageError.noProject }
            token = try GoogleToken.resolve(google, environment: ProcessInfo.processInfo.environment)
        } catch {
            fail("\(error)")
        }
        let source = GoogleUsageSource(config: google, token: token, client: HTTPClient(maxConcurrent: 1))
        let pool = PostgresPool(config: settings.database, maxConnections: 1, logger: LoggingSetup.logger("opsctl.quota", level: .critical))
        let comparison: DriftComparison
        do {
            comparison = try await GoogleComparisonBuilder(config: settings.config).build(pool, source: source, window: window)
            await pool.close()
        } catch {
            await pool.close()
            fail("\(error)")
        }
        let text = json ? DriftJSONFormatter.format(comparison) : DriftTableFormatter(colour: colourOnStandardOutput).format(comparison)
        FileHandle.standardOutput.write(Data(text.utf8))
        Foundation.exit(comparison.drifted ? 1 : 0)
    }

    static var colourOnStandardOutput: Bool {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return isatty(STDOUT_FILENO) == 1 && !noColor
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("opsctl quota: \(message)\n".utf8))
        Foundation.exit(2)
    }
}
