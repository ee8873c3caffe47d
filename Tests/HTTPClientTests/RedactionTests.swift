import Testing
@testable import HTTPClient

/// Credentials of a request never leave the module in a message or a URL.
@Suite struct RedactionTests {
    @Test func urlCredentialsAreRemoved() {
        #expect(CurlURL.withoutCredentials("https://user:pa%40ss@svc.internal:8443/h?x=1")
                == "https://svc.internal:8443/h?x=1")
        #expect(CurlURL.withoutCredentials("http://svc/health") == "http://svc/health")
        // libcurl cannot parse it: everything before the authority's last @ is masked anyway.
        #expect(CurlURL.withoutCredentials("http://us er:pw@ho st/") == "http://***@ho st/")
    }

    @Test func secretsAreMaskedInText() {
        let mask = SecretMask(url: "https://probe:pa%40ss-word@svc/x",
                              headers: [HTTPHeader(name: "authorization", value: "Bearer abc.def.ghi"),
                                        HTTPHeader(name: "X-Other", value: "visible")])
        let text = mask.scrub("failed for probe with pa@ss-word, token abc.def.ghi, header visible")
        #expect(text == "failed for *** with ***, token ***, header visible")
    }

    @Test func certificateChainFacts() {
        let chain = [
            ["Subject:CN = leaf.test", "Issuer:CN = Test CA", "Start date:Jan  1 00:00:00 2026 GMT",
             "Expire date:Mar  1 00:00:00 2027 GMT"],
            ["Subject:CN = Test CA", "Issuer:CN = Test CA", "Expire date:Jan  2 00:00:00 2027 GMT"],
        ]
        let facts = CertificateChainReader.facts(chain)
        #expect(facts == CertificateFacts(earliestExpiry: 1_798_848_000, subject: "CN = leaf.test",
                                          issuer: "CN = Test CA", chainLength: 2))
        #expect(CertificateChainReader.facts([]) == nil)
    }
}
