import TestSupport
import Foundation
import OpsCore
@testable import Prober
import Testing

@Suite(.serialized) struct TCPProberTests {
    @Test func connectAndBannerExchange() async throws {
        let targets = try ProbeTargets.shared()
        let connect = await probe(builtIn("tcp_connect"), "127.0.0.1:\(targets.banner)").result
        #expect(connect.success, "\(connect.summary)")
        #expect(connect.failedDueToRegex == nil)

        let modules = try Prober.ProberConfig(file: OpsCore.ConfigFile.parse(yaml: """
            prober:
              modules:
                banner:
                  prober: tcp
                  tcp:
                    query_response:
                      - expect: '^220 '
                      - send: 'hello prober'
                      - expect: 'you said: hello prober'
                wrong_banner:
                  prober: tcp
                  tcp:
                    query_response:
                      - expect: '^SSH-2.0-'
            """, source: "test.yaml")).modules
        let exchanged = await probe(modules["banner"]!, "127.0.0.1:\(targets.banner)").result
        #expect(exchanged.success && exchanged.failedDueToRegex == false, "\(exchanged.summary)")

        // The server sends a banner that never matches and keeps the connection open: the
        // read ends at the timeout.
        let (wrong, _, seconds) = await probe(modules["wrong_banner"]!, "127.0.0.1:\(targets.banner)", timeout: .seconds(1))
        #expect(wrong.reason == .timeout, "\(wrong.summary)")
        #expect(seconds <= 2)
    }

    @Test func faults() async throws {
        let targets = try ProbeTargets.shared()
        let refused = await probe(builtIn("tcp_connect"), "127.0.0.1:\(try freeLoopbackPort())", timeout: .seconds(2))
        #expect(refused.result.reason == .refused && refused.seconds <= 3, "\(refused.result.summary)")

        let modules = try Prober.ProberConfig(file: OpsCore.ConfigFile.parse(yaml: """
            prober:
              modules:
                expects: {prober: tcp, tcp: {query_response: [{expect: 'ready'}]}}
                tls: {prober: tcp, tcp: {tls: true}}
            """, source: "test.yaml")).modules
        let silent = await probe(modules["expects"]!, "127.0.0.1:\(targets.hang)", timeout: .seconds(2))
        #expect(silent.result.reason == .timeout && silent.seconds <= 3, "\(silent.result.summary) after \(silent.seconds)s")

        let certificates = try TestCertificates.shared()
        let server = try await TLSServer(cert: certificates.expiredCert, key: certificates.expiredKey)
        defer { server.stop() }
        let expired = await probe(modules["tls"]!, "127.0.0.1:\(server.port)", timeout: .seconds(3)).result
        #expect(expired.reason == .tls, "\(expired.summary)")
        // Plain TCP to a TLS server connects fine.
        #expect(await probe(builtIn("tcp_connect"), "127.0.0.1:\(server.port)").result.success)
    }

    /// query_response runs in order against a server that speaks a small line protocol
    /// (scripts/probe-targets.py's `dialogue`): greet, wait for HELO, answer, wait for QUIT.
    @Test func queryResponseRunsInOrder() async throws {
        let targets = try ProbeTargets.shared()
        let target = "127.0.0.1:\(targets.dialogue)"
        let modules = try modules("""
            prober:
              modules:
                conversation:
                  prober: tcp
                  tcp:
                    query_response:
                      - expect: '^220 (\\S+) ready$'
                        send: 'HELO ${1}'
                      - expect: '^250 hello (?<name>[a-z-]+)$'
                        send: 'HELO again-$name'
                      - expect: '^250 hello again-probe-server$'
                      - send: QUIT
                      - expect: '^221 bye'
                wrong_order:
                  prober: tcp
                  tcp:
                    query_response:
                      - send: 'HELO opsctl'
                      - send: QUIT
                      - expect: '^221 bye'
                      - expect: '^250 hello'
            """)
        let (good, log, _) = await probe(modules["conversation"]!, target, timeout: .seconds(3))
        #expect(good.success && good.failedDueToRegex == false, "\(good.summary)\n\(log.text)")
        // The greeting's group went into the first HELO, the named group into the second.
        #expect(log.text.contains("step 1: sent 'HELO probe-server'"), "\(log.text)")
        #expect(log.text.contains("step 2: sent 'HELO again-probe-server'"), "\(log.text)")

        // Both lines do arrive, but 250 comes before 221: read in order, the last step finds
        // no line after 221 and the server has closed. Not a timeout: the answer ended.
        let (wrong, wrongLog, seconds) = await probe(modules["wrong_order"]!, target, timeout: .seconds(3))
        #expect(!wrong.success && wrong.reason == .body && wrong.failedDueToRegex == true, "\(wrong.summary)")
        #expect(wrong.message.hasPrefix("query_response step 4: no line of the answer matched '^250 hello' in order"), "\(wrong.message)")
        #expect(seconds < 2, "took \(seconds)s: the server's close should end the probe")
        #expect(wrongLog.text.contains("step 3: '^221 bye' matched line 3"), "\(wrongLog.text)")
    }

    @Test func linesAndSubstitution() throws {
        #expect(QueryResponse.lines(Array("a\r\nb\nc".utf8), ended: false) == ["a", "b"])
        #expect(QueryResponse.lines(Array("a\r\nb\nc".utf8), ended: true) == ["a", "b", "c"])
        #expect(QueryResponse.lines(Array("a\n\nb\n".utf8), ended: true) == ["a", "", "b"])
        let groups = try #require(try Pattern("(?<user>[a-z]+)@(\\w+)").firstMatch("mail alice@example now"))
        #expect(QueryResponse.expand("${1} at ${2}: $user, $$5, ${9}|$2x|${user}", groups) == "alice at example: alice, $5, ||alice")
        #expect(QueryResponse.expand("cost $ and ${ and ${bad-name}", groups) == "cost $ and ${ and ${bad-name}")
    }
}
