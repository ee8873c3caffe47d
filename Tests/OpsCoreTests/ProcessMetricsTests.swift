import Foundation
import Testing
@testable import OpsCore

@Suite struct ProcessMetricsTests {
    @Test func readsThisProcessFromProc() throws {
        let families = Dictionary(uniqueKeysWithValues: ProcessMetrics.collect().map { ($0.name, $0) })
        let rss = try #require(families["process_resident_memory_bytes"]?.samples.first?.value)
        #expect(rss > 1_000_000)
        let virtual = try #require(families["process_virtual_memory_bytes"]?.samples.first?.value)
        #expect(virtual >= rss)
        let openFDs = try #require(families["process_open_fds"]?.samples.first?.value)
        let maxFDs = try #require(families["process_max_fds"]?.samples.first?.value)
        #expect(openFDs >= 3 && openFDs <= maxFDs)
        let start = try #require(families["process_start_time_seconds"]?.samples.first?.value)
        let now = Date().timeIntervalSince1970
        #expect(start <= now + 1 && start > now - 86_400)
        #expect(families["process_cpu_seconds_total"]?.type == .counter)
    }
}
