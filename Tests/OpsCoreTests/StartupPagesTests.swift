import Foundation
import Testing
@testable import OpsCore
import TestSupport

@Suite struct StartupPagesTests {
    /// Private file-backed mappings only: read-only ones without copied-on-write pages are
    /// unmapped, writable ones asked to be reclaimed (the kernel keeps written pages); shared,
    /// anonymous and special mappings are left alone.
    @Test func choosesOnlyMappingsWhosePagesTheFileHolds() {
        let smaps = """
        5581a0000000-5581a0400000 r-xp 00001000 103:02 1311 /usr/bin/opsctl
        Size:               4096 kB
        Rss:                 512 kB
        Anonymous:             0 kB
        VmFlags: rd ex mr mw me
        5581a0400000-5581a0500000 r--p 00401000 103:02 1311 /usr/bin/opsctl
        Size:               1024 kB
        Rss:                 300 kB
        Anonymous:           120 kB
        5581a0500000-5581a0600000 rw-p 00501000 103:02 1311 /usr/bin/opsctl
        Size:               1024 kB
        Rss:                 200 kB
        Anonymous:            80 kB
        7f0000000000-7f0000100000 r--p 00000000 103:02 2222 /usr/lib/x86_64-linux-gnu/libc.so.6
        Size:               1024 kB
        Rss:                 400 kB
        Anonymous:             0 kB
        7f0000200000-7f0000300000 r--s 00000000 103:02 3333 /var/lib/data.bin
        Size:               1024 kB
        Rss:                 100 kB
        Anonymous:             0 kB
        7f0000400000-7f0000500000 rw-p 00000000 00:00 0
        Size:               1024 kB
        Rss:                1024 kB
        Anonymous:          1024 kB
        7f0000600000-7f0000601000 r-xp 00000000 00:00 0                          [vdso]
        Size:                  4 kB
        Rss:                   4 kB
        Anonymous:             0 kB
        7f0000700000-7f0000800000 r--p 00000000 103:02 4444 /usr/lib/locale/C.utf8/LC_CTYPE
        Size:               1024 kB
        Rss:                   0 kB
        Anonymous:             0 kB
        7f0000900000-7f0000a00000 r-xp 00000000 103:02 5555 /usr/lib/x86_64-linux-gnu/lib with space.so
        Size:               1024 kB
        Rss:                  64 kB
        Anonymous:             0 kB
        """
        #expect(StartupPages.eligibleMappings(smaps: smaps) == [
            .init(start: 0x5581a0000000, end: 0x5581a0400000, residentBytes: 512 * 1024, advice: .dontNeed),
            .init(start: 0x5581a0500000, end: 0x5581a0600000, residentBytes: 200 * 1024, advice: .pageOut),
            .init(start: 0x7f0000000000, end: 0x7f0000100000, residentBytes: 400 * 1024, advice: .dontNeed),
            .init(start: 0x7f0000900000, end: 0x7f0000a00000, residentBytes: 64 * 1024, advice: .dontNeed),
        ])
    }

    /// Run in this very process (the test runner, with other tests running beside it): the
    /// file-backed resident set shrinks, and the code that was unmapped still runs afterwards.
    @Test func releaseShrinksTheFileBackedResidentSetAndCodeStillRuns() throws {
        let before = try #require(residentFileKiB())
        let release = try #require(StartupPages.release())
        let after = try #require(residentFileKiB())
        #expect(release.mappings > 0)
        #expect(release.residentBytes > 1_000_000)
        #expect(after < before, "RssFile \(before) kB before, \(after) kB after")
        // Code from the unmapped pages runs again: Foundation, the encoder, the parser.
        let encoded = ExpositionEncoder.encode(
            [MetricFamily(name: "m", help: "h", type: .gauge, samples: [Sample([("a", "é\"\n")], 1)])], format: .prometheusText)
        #expect(encoded.contains(#"m{a="é\"\n"} 1"#))
        #expect(try DurationParser.parse("1h30m") == .seconds(5400))
    }
}

/// The second release: once the work it waits for is done, or at the deadline; never twice.
@Suite struct StartupPageReleaseServiceTests {
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    @Test func releasesOnceTheWorkIsDone() async {
        let asked = Calls(), released = Calls()
        let service = StartupPageRelease.Service(every: .milliseconds(10), atTheLatest: .seconds(60),
                                                 when: { asked.add(); return asked.value >= 3 },
                                                 release: { released.add() })
        await service.releaseWhenReady()
        #expect(asked.value == 3)
        #expect(released.value == 1)
    }

    @Test func releasesAtTheDeadlineWhenNoWorkComes() async {
        let released = Calls()
        let clock = ContinuousClock()
        let start = clock.now
        let service = StartupPageRelease.Service(every: .milliseconds(10), atTheLatest: .milliseconds(100),
                                                 when: { false }, release: { released.add() })
        await service.releaseWhenReady()
        #expect(released.value == 1)
        #expect(clock.now - start >= .milliseconds(100))
    }

    @Test func aCancelledWaitReleasesNothing() async {
        let released = Calls()
        let service = StartupPageRelease.Service(every: .milliseconds(10), atTheLatest: .seconds(60),
                                                 when: { false }, release: { released.add() })
        let task = Task { await service.releaseWhenReady() }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await task.value
        #expect(released.value == 0)
    }
}
