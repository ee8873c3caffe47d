import Testing
@testable import HTTPClient

@Suite struct CertificateDateTests {
    @Test func readsOpenSSLAndLibcurlDateForms() {
        // 2027-01-02T15:04:05Z = 1798902245
        #expect(CertificateDate.unixSeconds("Jan  2 15:04:05 2027 GMT") == 1_798_902_245)
        #expect(CertificateDate.unixSeconds("2027-01-02 15:04:05 GMT") == 1_798_902_245)
        #expect(CertificateDate.unixSeconds("Feb 29 00:00:00 2028 GMT") == 1_835_395_200)
        #expect(CertificateDate.unixSeconds("not a date") == nil)
        #expect(CertificateDate.unixSeconds("Foo  2 15:04:05 2027 GMT") == nil)
    }
}
