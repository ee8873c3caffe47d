import Foundation
import Testing
import HTTPClient

/// Requests against the Python HTTP server: statuses, redirects, bodies, methods.
@Suite struct HTTPRequestTests {
    let servers = LoopbackServers.shared
    let client = HTTPClient()

    @Test func okHasStatusVersionHeadersBodyAndTimings() async throws {
        let response = try await client.send(HTTPRequest(url: servers.http("/ok"), timeout: .seconds(5)))
        #expect(response.status == 200)
        #expect(response.httpVersion == "1.1")
        #expect(response.body == Array("ok\n".utf8))
        #expect(response.bodyBytesRead == 3)
        #expect(!response.bodyTruncated)
        #expect(response.headers.value(of: "content-type") == "text/plain")
        #expect(response.certificate == nil)
        #expect(response.redirects == 0)
        #expect(response.effectiveURL == servers.http("/ok"))
        let t = response.timings
        #expect(t.total > 0 && t.total < 5)
        #expect(t.connect >= 0 && t.tls == 0 && t.processing > 0)
        #expect(t.resolve + t.connect + t.processing + t.transfer <= t.total + 0.001)
    }

    @Test func serverErrorIsAResponseNotAnError() async throws {
        let response = try await client.send(HTTPRequest(url: servers.http("/status/500"), timeout: .seconds(5)))
        #expect(response.status == 500)
        #expect(String(decoding: response.body, as: UTF8.self) == "status 500\n")
    }

    @Test func redirectChainIsFollowed() async throws {
        let response = try await client.send(HTTPRequest(url: servers.http("/redirect/3"), timeout: .seconds(5)))
        #expect(response.status == 200)
        #expect(response.redirects == 3)
        #expect(response.effectiveURL == servers.http("/ok"))
        #expect(response.headers.value(of: "Location") == nil, "headers are the final response's")
    }

    @Test func redirectIsReturnedWhenNotFollowed() async throws {
        var request = HTTPRequest(url: servers.http("/redirect/3"), timeout: .seconds(5))
        request.followRedirects = false
        let response = try await client.send(request)
        #expect(response.status == 302)
        #expect(response.headers.value(of: "location") == "/redirect/2")
        #expect(response.redirects == 0)
    }

    @Test func redirectLoopStopsAtTheLimit() async {
        var request = HTTPRequest(url: servers.http("/loop"), timeout: .seconds(5))
        request.maxRedirects = 4
        let error = await #expect(throws: HTTPClientError.self) { try await client.send(request) }
        #expect(error?.kind == .tooManyRedirects)
    }

    @Test func bodyPastTheCapIsTruncated() async throws {
        var request = HTTPRequest(url: servers.http("/big"), timeout: .seconds(5))
        request.maxBodyBytes = 100_000
        let response = try await client.send(request)
        #expect(response.status == 200)
        #expect(response.bodyTruncated)
        #expect(response.body.count == 100_000)
        #expect(response.bodyBytesRead >= 100_000 && response.bodyBytesRead < 2 * 1024 * 1024)
        let whole = try await client.send(HTTPRequest(url: servers.http("/big"), timeout: .seconds(5),
                                                      maxBodyBytes: 4 << 20))
        #expect(!whole.bodyTruncated && whole.body.count == 2 * 1024 * 1024)
    }

    @Test func methodHeadersAndBodyReachTheServer() async throws {
        let request = HTTPRequest(url: servers.http("/echo"), method: "PUT",
                                  headers: [HTTPHeader(name: "X-Probe", value: "opsctl"),
                                            HTTPHeader(name: "Content-Type", value: "application/json")],
                                  body: Array(#"{"a":1}"#.utf8), timeout: .seconds(5))
        let response = try await client.send(request)
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(echo["method"] as? String == "PUT")
        #expect(echo["body"] as? String == #"{"a":1}"#)
        let headers = echo["headers"] as? [String: String] ?? [:]
        #expect(headers["x-probe"] == "opsctl")
        #expect(headers["expect"] == nil, "no 100-continue round trip")

        let head = try await client.send(HTTPRequest(url: servers.http("/ok"), method: "HEAD", timeout: .seconds(5)))
        #expect(head.status == 200 && head.body.isEmpty)
    }

    @Test func urlCredentialsAreSentButNeverShown() async throws {
        let port = servers.port("http")
        let response = try await client.send(HTTPRequest(url: "http://probe:s3cr3t-pw@127.0.0.1:\(port)/echo",
                                                         timeout: .seconds(5)))
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let headers = echo["headers"] as? [String: String] ?? [:]
        #expect(headers["authorization"] == "Basic " + Data("probe:s3cr3t-pw".utf8).base64EncodedString())
        #expect(response.effectiveURL == "http://127.0.0.1:\(port)/echo")
    }

    @Test func invalidRequestsAreRefusedBeforeSending() async {
        let cases = [
            HTTPRequest(url: servers.http("/ok"), headers: [HTTPHeader(name: "X-A", value: "1\r\nX-Injected: 2")],
                        timeout: .seconds(2)),
            HTTPRequest(url: servers.http("/ok"), method: "GET /x", timeout: .seconds(2)),
            HTTPRequest(url: "ftp://127.0.0.1/file", timeout: .seconds(2)),
            HTTPRequest(url: "not a url", timeout: .seconds(2)),
        ]
        for request in cases {
            let error = await #expect(throws: HTTPClientError.self) { try await client.send(request) }
            #expect(error?.kind == .invalidRequest, "\(request.url) \(request.method): \(String(describing: error))")
        }
    }

    @Test func ipv6Loopback() async throws {
        let response = try await client.send(HTTPRequest(url: "http://[::1]:\(servers.port("http6"))/ok",
                                                         timeout: .seconds(5), ipVersion: .v6))
        #expect(response.status == 200)
        #expect(response.body == Array("ok\n".utf8))
    }
}
