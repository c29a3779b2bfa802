import Foundation
import Testing
@testable import VigilCore
import VigilTestSupport

/// Healthy and faulty single series, every value drawn from a seeded SplitMix64.
private enum Shape { case flat, dailyCycle, heavyTailed }

private func anomalyPolicy(_ direction: AnomalyDirection = .both, count: String? = nil) -> Policy {
    Policy(name: "t", signals: [SignalSpec(name: "watch", metric: "behavior.watch", family: .behavioral,
                                           detector: .anomaly(AnomalySpec(direction: direction, countMetric: count)),
                                           staleAfter: .hours(2))])
}

/// One sample every `step` seconds for `days` days; `fault(seconds)` is added to each value.
private func series(seed: UInt64, days: Double, step: Double = 300, shape: Shape,
                    fault: (Double) -> Double = { _ in 0 }) -> [Record] {
    var rng = SplitMix64(seed: seed)
    var out: [Record] = []
    for s in stride(from: 0.0, to: days * 86400, by: step) {
        let phase = 2 * Double.pi * s / 86400
        var v: Double
        switch shape {
        case .flat: v = 100 + 2 * rng.gaussian()
        case .dailyCycle: v = 100 + 30 * sin(phase) + 3 * rng.gaussian()
        case .heavyTailed:
            // Log-normal, like a latency: a long right tail.
            v = 100 * Foundation.exp(0.5 * rng.gaussian())
        }
        out.append(sample(s, "behavior.watch", v + fault(s)))
    }
    return out
}

@Suite struct AnomalyDetectorTests {
    @Test func detectsALevelShiftWithinAnHour() throws {
        let shift = 6.0 * 86400
        let (_, out) = run(anomalyPolicy(), series(seed: 1, days: 8, shape: .flat) { $0 >= shift ? 30 : 0 })
        let first = try #require(alerts(out).first)
        #expect(alerts(out).count == 1)
        let delay = first.at.since(t0.adding(.seconds(shift)))
        #expect(delay >= .zero && delay <= .hours(1), "detected after \(delay)")
    }

    @Test func detectsASingleSpike() throws {
        let spike = 5.0 * 86400
        let (_, out) = run(anomalyPolicy(.higherIsWorse), series(seed: 2, days: 6, shape: .flat) { $0 == spike ? 100 : 0 })
        let first = try #require(alerts(out).first)
        #expect(first.at == t0.adding(.seconds(spike)))
    }

    @Test func ignoresTheWrongDirection() {
        let shift = 6.0 * 86400
        let (_, out) = run(anomalyPolicy(.higherIsWorse), series(seed: 3, days: 8, shape: .flat) { $0 >= shift ? -30 : 0 })
        #expect(alerts(out).isEmpty)
    }

    @Test(arguments: [Shape.flat, .dailyCycle, .heavyTailed])
    fileprivate func staysSilentOnThirtyHealthyDays(_ shape: Shape) {
        let (_, out) = run(anomalyPolicy(), series(seed: 4, days: 30, shape: shape))
        #expect(alerts(out).isEmpty, "\(alerts(out).map(\.at))")
    }

    @Test func aSmallCountRateWithItsCountStaysSilent() {
        // An error rate from 5-40 requests a minute: mostly 0, now and then 1/7.
        var rng = SplitMix64(seed: 5)
        var records: [Record] = []
        for s in stride(from: 0.0, to: 30 * 86400, by: 60) {
            let n = Int(22 + 17 * sin(2 * Double.pi * s / 86400))
            var errors = 0
            for _ in 0..<n where rng.uniform() < 0.02 { errors += 1 }
            records.append(sample(s, "errors.requests", Double(n)))
            records.append(sample(s, "behavior.watch", Double(errors) / Double(max(n, 1))))
        }
        let (_, out) = run(anomalyPolicy(.higherIsWorse, count: "errors.requests"), records)
        #expect(alerts(out).isEmpty, "\(alerts(out).map(\.at))")
    }

    @Test func failsOnceAndDoesNotFlapAtTheLimit() {
        // After five days the level sits near the limit for a day, in and out of it.
        let start = 5.0 * 86400
        let (_, out) = run(anomalyPolicy(), series(seed: 6, days: 6, shape: .flat) { s in
            s >= start ? (Int(s / 600) % 2 == 0 ? 20 : 8) : 0
        })
        #expect(alerts(out).count == 1)
    }

    @Test func judgesSparseIrregularSamples() throws {
        // One sample every 30 to 60 minutes; a drop of 10% after twelve days.
        var rng = SplitMix64(seed: 7)
        var records: [Record] = []
        var s = 0.0
        let drop = 12.0 * 86400
        while s < 14 * 86400 {
            let v = 0.9 + 0.01 * rng.gaussian() - (s >= drop ? 0.09 : 0)
            records.append(sample(s, "behavior.watch", v))
            s += Double(1800 + rng.below(1801))
        }
        let (_, out) = run(anomalyPolicy(.lowerIsWorse), records)
        let first = try #require(alerts(out).first)
        #expect(alerts(out).count == 1)
        #expect(first.at >= t0.adding(.seconds(drop)) && first.at.since(t0.adding(.seconds(drop))) <= .hours(3))
    }
}
