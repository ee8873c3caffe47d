import Foundation
import Testing
import HTTPClient

/// Each fault gives its kind and comes back within its timeout (+1 s of slack for a loaded
/// 2-core machine; the measured times are printed as "measured:" lines).
@Suite struct HTTPFaultTests {
    let servers = LoopbackServers.shared
    let client = HTTPClient()

    /// Sends `request`, expects an error of `kind`, within the request's timeout + 1 s.
    @discardableResult
    func expectFailure(_ request: HTTPRequest, _ kind: HTTPClientError.Kind, atLeast: Duration = .zero,
                       _ name: String) async -> HTTPClientError? {
        let start = ContinuousClock.now
        var caught: HTTPClientError?
        do {
            let response = try await client.send(request)
            Issue.record("\(name): expected \(kind), got status \(response.status)")
        } catch {
            caught = error
        }
        let took = ContinuousClock.now - start
        print("measured: \(name) \(kind) took \(took) (timeout \(request.timeout))")
        #expect(caught?.kind == kind, "\(name): \(String(describing: caught))")
        #expect(took <= request.timeout + .seconds(1), "\(name) took \(took)")
        #expect(took >= atLeast, "\(name) came back after \(took), before its timeout")
        #expect(!(caught?.message.isEmpty ?? true), "libcurl's message is kept")
        return caught
    }

    @Test func refusedPort() async {
        let error = await expectFailure(
            HTTPRequest(url: "http://127.0.0.1:\(servers.port("refused"))/", timeout: .seconds(3)), .refused, "refused")
        #expect(error?.message.contains("Connection refused") == true || error?.message.contains("onnect") == true)
    }

    @Test func serverThatAcceptsAndNeverAnswers() async {
        let error = await expectFailure(
            HTTPRequest(url: "http://127.0.0.1:\(servers.port("hang"))/", timeout: .seconds(1)), .timeout,
            atLeast: .milliseconds(950), "hang")
        #expect((error?.timings.connect ?? -1) >= 0)
        // libcurl's clock starts when the loop thread adds the transfer, which on a loaded machine
        // can be well after the request was handed over (0.857 s was seen under `nice -n 19`
        // during a benchmark); the wall-clock bound above is the 10% one. Lost timings are 0.
        #expect((error?.timings.total ?? 0) >= 0.5, "the timings of a failure are kept")
    }

    @Test func serverThatSendsOneByteASecond() async {
        await expectFailure(
            HTTPRequest(url: "http://127.0.0.1:\(servers.port("slow"))/", timeout: .milliseconds(2500)), .timeout,
            atLeast: .milliseconds(2400), "slow")
    }

    @Test func unknownHost() async {
        // `.invalid` never resolves (RFC 6761); the resolver here answers at once, and the
        // timeout bounds it where a resolver would hang.
        let error = await expectFailure(
            HTTPRequest(url: "http://opsctl-no-such-host.invalid/", timeout: .seconds(3)), .dns, "dns")
        #expect(error?.message.contains("opsctl-no-such-host.invalid") == true)
    }

    @Test func selfSignedCertificateFailsVerification() async {
        let error = await expectFailure(
            HTTPRequest(url: "https://127.0.0.1:\(servers.port("tls_self"))/", timeout: .seconds(3)), .tls, "self-signed")
        #expect(error?.message.lowercased().contains("self") == true || error?.message.contains("certificate") == true)
    }

    @Test func expiredCertificateFailsVerification() async {
        let tls = TLSOptions(caFile: servers.path("expired_cert"))
        let error = await expectFailure(
            HTTPRequest(url: "https://127.0.0.1:\(servers.port("tls_expired"))/", timeout: .seconds(3), tls: tls),
            .tls, "expired")
        #expect(error?.message.contains("expired") == true, "\(String(describing: error))")
    }

    @Test func customCAMakesTheSelfSignedCertificateVerify() async throws {
        let tls = TLSOptions(caFile: servers.path("self_cert"))
        let response = try await client.send(
            HTTPRequest(url: "https://127.0.0.1:\(servers.port("tls_self"))/", timeout: .seconds(5), tls: tls))
        #expect(response.status == 200)
        #expect(response.httpVersion == "1.0")   // what openssl s_server -www answers
        let certificate = try #require(response.certificate)
        #expect(certificate.subject.contains("CN") && certificate.subject.contains("localhost"))
        #expect(certificate.issuer == certificate.subject, "self-signed")
        #expect(certificate.chainLength == 1)
        // Made with -days 30 when the servers started.
        let now = Date().timeIntervalSince1970
        #expect(certificate.earliestExpiry > now + 29 * 86_400 && certificate.earliestExpiry < now + 31 * 86_400)
        #expect(response.timings.tls > 0)
    }

    @Test func certificateFactsWithoutVerification() async throws {
        let response = try await client.send(
            HTTPRequest(url: "https://127.0.0.1:\(servers.port("tls_expired"))/", timeout: .seconds(5),
                        tls: TLSOptions(verify: false)))
        #expect(response.status == 200)
        let certificate = try #require(response.certificate)
        #expect(certificate.earliestExpiry == 1_577_923_200, "notAfter 2020-01-02 00:00:00 GMT")
        #expect(certificate.subject.contains("expired.test"))
    }

    @Test func wrongServerNameFailsAndTheRightOneVerifies() async throws {
        let port = servers.port("tls_self")
        var tls = TLSOptions(caFile: servers.path("self_cert"), serverName: "other.example")
        await expectFailure(HTTPRequest(url: "https://127.0.0.1:\(port)/", timeout: .seconds(3), tls: tls),
                            .tls, "server name")
        tls.serverName = "localhost"
        let response = try await client.send(HTTPRequest(url: "https://127.0.0.1:\(port)/", timeout: .seconds(5), tls: tls))
        #expect(response.status == 200)
        #expect(response.effectiveURL.contains("localhost"))
    }

    @Test func secretsNeverReachAnErrorMessage() async {
        let refused = servers.port("refused")
        let error = await expectFailure(
            HTTPRequest(url: "http://admin:hunter2-secret@127.0.0.1:\(refused)/x",
                        headers: [HTTPHeader(name: "Authorization", value: "Bearer tok-9f8e7d6c")],
                        timeout: .seconds(3)), .refused, "credentials")
        let text = String(describing: error)
        #expect(!text.contains("hunter2-secret") && !text.contains("tok-9f8e7d6c"), "\(text)")
        let hung = await expectFailure(
            HTTPRequest(url: "http://admin:hunter2-secret@127.0.0.1:\(servers.port("hang"))/x",
                        headers: [HTTPHeader(name: "Authorization", value: "Bearer tok-9f8e7d6c")],
                        timeout: .milliseconds(500)), .timeout, "credentials timeout")
        let hungText = String(describing: hung)
        #expect(!hungText.contains("hunter2-secret") && !hungText.contains("tok-9f8e7d6c"), "\(hungText)")
    }

    @Test func cancellingTheTaskDropsTheTransfer() async {
        let client = self.client
        let url = "http://127.0.0.1:\(servers.port("hang"))/"
        // Warm up what the runtime opens on first use (Task.sleep's timer descriptor).
        _ = try? await client.send(HTTPRequest(url: servers.http("/ok"), timeout: .seconds(5)))
        try? await Task.sleep(for: .milliseconds(10))
        let before = openDescriptors()
        let listBefore = descriptorTargets()
        let task = Task { try await client.send(HTTPRequest(url: url, timeout: .seconds(20))) }
        try? await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        let took = ContinuousClock.now - start
        print("measured: cancel took \(took)")
        #expect(took < .seconds(1))
        switch result {
        case .success: Issue.record("a hanging request cannot succeed")
        case .failure(let error): #expect((error as? HTTPClientError)?.kind == .cancelled)
        }
        // The connection of the dropped transfer is closed.
        #expect(openDescriptors() <= before, "\(listBefore) -> \(descriptorTargets())")
    }
}
