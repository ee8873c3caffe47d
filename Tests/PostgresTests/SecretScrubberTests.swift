import Testing
@testable import Postgres

@Suite struct SecretScrubberTests {
    @Test func masksKnownSecretsAndTheirPercentEncoding() {
        let scrubber = SecretScrubber(secrets: ["p@ss word"])
        #expect(scrubber.scrub("bad p@ss word here") == "bad *** here")
        #expect(scrubber.scrub("url had p%40ss%20word") == "url had ***")
    }

    @Test func masksPasswordSyntaxWhateverTheValue() {
        #expect(SecretScrubber().scrub("host=x password=abc user=y") == "host=x password=*** user=y")
        #expect(SecretScrubber().scrub("password = 'a b\\'c' dbname=z") == "password = *** dbname=z")
        #expect(SecretScrubber().scrub("postgresql://me:abc@host/db") == "postgresql://me:***@host/db")
        #expect(SecretScrubber().scrub("postgres://me@host/db?password=abc&x=1") == "postgres://me@host/db?password=***&x=1")
        #expect(SecretScrubber().scrub("nothing secret") == "nothing secret")
    }

    @Test func backoffDoublesUpToItsCap() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        #expect(backoff.delay(afterFailures: 0) == .zero)
        #expect(backoff.delay(afterFailures: 1) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 2) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 4) == .milliseconds(800))
        #expect(backoff.delay(afterFailures: 5) == .seconds(1))
        #expect(backoff.delay(afterFailures: 500) == .seconds(1))
    }
}
