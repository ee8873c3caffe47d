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
        #expect(SecretScrubber().scrub("PASSWORD=Geheim,ü host=x") == "PASSWORD=*** host=x")
        #expect(SecretScrubber().scrub("a password='never closed") == "a password=***")
        #expect(SecretScrubber().scrub("POSTGRESQL://Ünïcode:pä ss@h") == "POSTGRESQL://Ünïcode:pä ss@h", "a space ends the URL")
        #expect(SecretScrubber().scrub("see postgresql://u:p1@a and postgres://v:p2@b") == "see postgresql://u:***@a and postgres://v:***@b")
        #expect(SecretScrubber().scrub("postgresql://host/db: password missing") == "postgresql://host/db: password missing")
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
