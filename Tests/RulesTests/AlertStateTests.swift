import Testing
import PromQL
@testable import Rules

@Suite struct AlertStateTests {
    let l = Labels(["alertname": "A", "job": "x"])

    @Test func pendingThenFiringAfterFor() {
        var s = AlertState()
        s.update(results: [l: (1, Labels())], at: 0, forMs: 120_000, keepFiringForMs: 0)
        #expect(s.active[l]?.state == .pending)
        s.update(results: [l: (1, Labels())], at: 60_000, forMs: 120_000, keepFiringForMs: 0)
        #expect(s.active[l]?.state == .pending)
        s.update(results: [l: (1, Labels())], at: 120_000, forMs: 120_000, keepFiringForMs: 0)
        #expect(s.active[l]?.state == .firing)
    }

    @Test func pendingVanishesWhenTheResultDoes() {
        var s = AlertState()
        s.update(results: [l: (1, Labels())], at: 0, forMs: 120_000, keepFiringForMs: 0)
        s.update(results: [:], at: 60_000, forMs: 120_000, keepFiringForMs: 0)
        #expect(s.active[l] == nil)
    }

    @Test func firingResolvesAndKeepFiringForHoldsIt() {
        var s = AlertState()
        s.update(results: [l: (1, Labels())], at: 0, forMs: 0, keepFiringForMs: 0)
        #expect(s.firing.count == 1)
        s.update(results: [:], at: 60_000, forMs: 0, keepFiringForMs: 0)
        #expect(s.firing.isEmpty)
        #expect(s.active[l]?.state == .inactive)

        var k = AlertState()
        k.update(results: [l: (1, Labels())], at: 0, forMs: 0, keepFiringForMs: 120_000)
        k.update(results: [:], at: 60_000, forMs: 0, keepFiringForMs: 120_000)
        #expect(k.firing.count == 1)
        k.update(results: [:], at: 120_000, forMs: 0, keepFiringForMs: 120_000)
        #expect(k.firing.count == 1)
        k.update(results: [:], at: 180_000, forMs: 0, keepFiringForMs: 120_000)
        #expect(k.firing.isEmpty)
    }

    @Test func annotationsFollowTheLatestValue() {
        var s = AlertState()
        s.update(results: [l: (1, Labels(["v": "1"]))], at: 0, forMs: 0, keepFiringForMs: 0)
        s.update(results: [l: (2, Labels(["v": "2"]))], at: 60_000, forMs: 0, keepFiringForMs: 0)
        #expect(s.active[l]?.annotations["v"] == "2")
        #expect(s.active[l]?.activeAtMs == 0)
    }
}
