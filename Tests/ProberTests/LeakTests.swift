import TestSupport
import Foundation
import OpsCore
@testable import Prober
import Testing

/// Probes in a row leave no file descriptor or memory behind (the deadline's tasks, the
/// client's handles, the failed connections).
@Suite(.serialized) struct LeakTests {
    @Test func manyProbesLeaveNoFileDescriptorsOrMemory() async throws {
        let targets = try ProbeTargets.shared()
        let refused = "127.0.0.1:\(try freeLoopbackPort())"
        let factory = ProberFactory(client: sharedClient, environment: [:])
        func batch(_ count: Int) async -> Int {
            await withTaskGroup(of: Bool.self) { group in
                var passed = 0
                var started = 0
                for index in 0..<min(16, count) {
                    group.addTask { await runOne(factory, index, targets, refused) }
                    started += 1
                }
                for await ok in group {
                    if ok { passed += 1 }
                    if started < count {
                        let index = started
                        group.addTask { await runOne(factory, index, targets, refused) }
                        started += 1
                    }
                }
                return passed
            }
        }
        _ = await batch(200)                      // warm-up: the client's thread, caches, the runtime's pools
        let fdsBefore = openFileDescriptors()
        let rssBefore = ProcessMetrics.residentMemoryBytes() ?? 0
        let passed = await batch(2000)
        let fdsAfter = openFileDescriptors()
        let rssAfter = ProcessMetrics.residentMemoryBytes() ?? 0
        #expect(passed == 2000, "every probe gave the expected outcome (\(passed))")
        #expect(fdsAfter <= fdsBefore + 2, "file descriptors \(fdsBefore) -> \(fdsAfter)")
        #expect(rssAfter - rssBefore < 16 * 1024 * 1024, "resident memory \(rssBefore) -> \(rssAfter)")
    }

    func openFileDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }
}

/// Every fourth probe is a refused TCP connect, the rest HTTP 200s; true when each gives its expected outcome.
private func runOne(_ factory: ProberFactory, _ index: Int, _ targets: ProbeTargets, _ refused: String) async -> Bool {
    if index % 4 == 3 {
        let result = await factory.run(builtIn("tcp_connect"), target: refused, timeout: .seconds(5), log: ProbeLog())
        return result.reason == .refused
    }
    let result = await factory.run(builtIn("http_2xx"), target: targets.url("/ok"), timeout: .seconds(5), log: ProbeLog())
    return result.success
}
