import Foundation
import Testing
import HTTPClient

/// Many transfers at once on the one loop thread; many in a row leave nothing behind.
@Suite(.serialized) struct LoadTests {
    let servers = LoopbackServers.shared

    @Test func sixtyConcurrentRequestsRunTogetherOnOneThread() async throws {
        let client = HTTPClient(maxConcurrent: 64)
        // Start the loop thread before counting threads.
        _ = try await client.send(HTTPRequest(url: servers.http("/ok"), timeout: .seconds(5)))
        let threadsBefore = threadCount()
        let url = servers.http("/sleep/1")
        let sampler = Task { () -> Int in
            var most = 0
            while !Task.isCancelled {
                most = max(most, threadCount())
                try? await Task.sleep(for: .milliseconds(100))
            }
            return most
        }
        let start = ContinuousClock.now
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<60 {
                group.addTask { (try? await client.send(HTTPRequest(url: url, timeout: .seconds(15))))?.status ?? -1 }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let took = ContinuousClock.now - start
        sampler.cancel()
        let mostThreads = await sampler.value
        print("measured: 60 concurrent 1 s requests took \(took); threads \(threadsBefore) -> at most \(mostThreads)")
        #expect(statuses == Array(repeating: 200, count: 60))
        // One at a time they would take 60 s: they ran at once.
        #expect(took < .seconds(10))
        // A thread per request would add 60; IP literals need no resolver threads.
        #expect(mostThreads - threadsBefore < 8)
    }

    @Test func maxConcurrentQueuesTheRest() async throws {
        let client = HTTPClient(maxConcurrent: 2)
        let url = servers.http("/sleep/0.5")
        let start = ContinuousClock.now
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask { (try? await client.send(HTTPRequest(url: url, timeout: .seconds(15))))?.status ?? -1 }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let took = ContinuousClock.now - start
        #expect(statuses == Array(repeating: 200, count: 6))
        #expect(took >= .milliseconds(1400), "6 requests of 0.5 s, 2 at a time, take at least 1.5 s: \(took)")
    }

    @Test func tenThousandRequestsInARowLeaveNoDescriptorsOrMemory() async throws {
        // 9,000 HTTP requests and 1,000 TCP exchanges to a minimal local server (~2-10 s).
        let client = HTTPClient()
        let url = "http://127.0.0.1:\(servers.port("fast"))/"
        for _ in 0..<200 { _ = try await client.send(HTTPRequest(url: url, timeout: .seconds(5))) }
        let banner = TCPRequest(host: "127.0.0.1", port: servers.port("banner"), timeout: .seconds(5),
                             until: { $0.count >= 11 })
        for _ in 0..<20 { _ = try await client.exchange(banner) }
        let descriptorsBefore = openDescriptors()
        let residentBefore = residentKiB()
        let start = ContinuousClock.now
        var failures = 0
        for index in 0..<10_000 {
            do {
                if index % 10 == 0 {
                    _ = try await client.exchange(banner)
                } else {
                    let response = try await client.send(HTTPRequest(url: url, timeout: .seconds(5)))
                    if response.status != 200 { failures += 1 }
                }
            } catch {
                failures += 1
            }
        }
        let took = ContinuousClock.now - start
        let descriptorsAfter = openDescriptors()
        let residentAfter = residentKiB()
        print("measured: 10000 in a row took \(took); fds \(descriptorsBefore) -> \(descriptorsAfter); "
              + "VmRSS \(residentBefore) -> \(residentAfter) KiB")
        #expect(failures == 0)
        #expect(descriptorsAfter <= descriptorsBefore)
        #expect(residentAfter - residentBefore < 4096, "VmRSS grew \(residentAfter - residentBefore) KiB")
    }
}
