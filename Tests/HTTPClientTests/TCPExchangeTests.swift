import Foundation
import Testing
import HTTPClient

/// Raw TCP and TLS exchanges: connect, send, read until a condition.
@Suite struct TCPExchangeTests {
    let servers = LoopbackServers.shared
    let client = HTTPClient()

    static func contains(_ text: String) -> @Sendable ([UInt8]) -> Bool {
        let needle = Array(text.utf8)
        return { bytes in
            guard bytes.count >= needle.count else { return false }
            return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
        }
    }

    @Test func sendALineAndReadUntilTheAnswer() async throws {
        let reply = try await client.exchange(TCPRequest(
            host: "127.0.0.1", port: servers.port("banner"), send: Array("hello\r\n".utf8), timeout: .seconds(5),
            until: Self.contains("got: hello\r\n")))
        #expect(reply.end == .matched)
        #expect(String(decoding: reply.received, as: UTF8.self) == "220 ready\r\ngot: hello\r\n")
        #expect(reply.certificate == nil)
        #expect(reply.timings.total > 0 && reply.timings.tls == 0)
    }

    /// A dialogue sends each line only after the answer it waits for: nothing before the
    /// greeting, the second line after the first one's echo.
    @Test func dialogueSendsAfterEachAnswer() async throws {
        let greeted = Self.contains("220 ready\r\n"), first = Self.contains("got: one\r\n"), second = Self.contains("got: two\r\n")
        var request = TCPRequest(host: "127.0.0.1", port: servers.port("banner"), timeout: .seconds(5))
        request.dialogue = { received in
            if second(received) { return TCPTurn(sends: [Array("one\r\n".utf8), Array("two\r\n".utf8)], done: true) }
            if first(received) { return TCPTurn(sends: [Array("one\r\n".utf8), Array("two\r\n".utf8)], done: false) }
            if greeted(received) { return TCPTurn(sends: [Array("one\r\n".utf8)], done: false) }
            return TCPTurn(done: false)
        }
        let reply = try await client.exchange(request)
        #expect(reply.end == .matched)
        #expect(String(decoding: reply.received, as: UTF8.self) == "220 ready\r\ngot: one\r\ngot: two\r\n")
    }

    @Test func connectOnlyReadsNothing() async throws {
        let reply = try await client.exchange(TCPRequest(host: "127.0.0.1", port: servers.port("hang"),
                                                         timeout: .seconds(2)))
        #expect(reply.end == .notRead && reply.received.isEmpty)
    }

    @Test func readStopsAtTheLimit() async throws {
        let reply = try await client.exchange(TCPRequest(host: "127.0.0.1", port: servers.port("banner"),
                                                         timeout: .seconds(5), readLimit: 5,
                                                         until: Self.contains("never")))
        #expect(reply.end == .limit)
        #expect(reply.received == Array("220 r".utf8))
    }

    @Test func silentServerTimesOut() async {
        let start = ContinuousClock.now
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.exchange(TCPRequest(host: "127.0.0.1", port: servers.port("hang"),
                                                 send: Array("ping\r\n".utf8), timeout: .seconds(1),
                                                 until: Self.contains("pong")))
        }
        let took = ContinuousClock.now - start
        print("measured: tcp hang timeout took \(took) (timeout 1 s)")
        #expect(error?.kind == .timeout)
        #expect(took >= .milliseconds(950) && took <= .seconds(2))
    }

    @Test func refusedPort() async {
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.exchange(TCPRequest(host: "127.0.0.1", port: servers.port("refused"), timeout: .seconds(3)))
        }
        #expect(error?.kind == .refused)
    }

    @Test func tlsExchangeWithACustomCA() async throws {
        let reply = try await client.exchange(TCPRequest(
            host: "127.0.0.1", port: servers.port("tls_self"), tls: TLSOptions(caFile: servers.path("self_cert")),
            send: Array("GET / HTTP/1.0\r\n\r\n".utf8), timeout: .seconds(5), until: Self.contains("</HTML>")))
        #expect(reply.end == .matched || reply.end == .closed)
        #expect(String(decoding: reply.received.prefix(15), as: UTF8.self) == "HTTP/1.0 200 ok")
        let certificate = try #require(reply.certificate)
        #expect(certificate.subject.contains("localhost") && certificate.chainLength == 1)
        #expect(reply.timings.tls > 0)
    }

    @Test func tlsExchangeRefusesAnUnverifiedCertificate() async {
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.exchange(TCPRequest(host: "127.0.0.1", port: servers.port("tls_expired"),
                                                 tls: TLSOptions(caFile: servers.path("expired_cert")), timeout: .seconds(3)))
        }
        #expect(error?.kind == .tls)
        #expect(error?.message.contains("expired") == true)
    }

    @Test func ipv6Loopback() async throws {
        let reply = try await client.exchange(TCPRequest(
            host: "::1", port: servers.port("http6"), send: Array("GET /ok HTTP/1.0\r\n\r\n".utf8), timeout: .seconds(5),
            ipVersion: .v6, until: Self.contains("ok\n")))
        #expect(reply.end == .matched)
        #expect(String(decoding: reply.received.prefix(12), as: UTF8.self) == "HTTP/1.1 200")
    }
}
