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
        let refused = await probe(builtIn("tcp_connect"), "127.0.0.1:\(try refusedPort())", timeout: .seconds(2))
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
}
