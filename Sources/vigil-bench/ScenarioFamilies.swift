import Foundation
import VigilCore
import VigilTestSupport

/// Generated recordings of the situations detection must get right: three
/// kinds of healthy day (a daily cycle, small request counts, heavy tails)
/// and six kinds of regression. Each is drawn from a fixed seed, so a run
/// is reproducible. The noise is what real services show: rates are
/// binomial on the requests of the interval (fewer at night), each metric's
/// true level wanders (an AR(1) with a time constant of hours), and scores
/// have outliers. docs/detection.md describes the method.
struct Scenario {
    var family: ScenarioFamily
    var seed: UInt64
    var records: [Record]
    /// When the regression starts (nil: healthy throughout).
    var onset: EventTime?
    /// Event time covered, for "per healthy day".
    var span: Duration
    /// The flag the first proposal after the onset must act on, when the
    /// family is about blame (nil: any).
    var target: String? = nil
}

enum ScenarioFamily: String, CaseIterable, Sendable {
    case healthyDailyCycle = "healthy, daily cycle"
    case healthySmallCounts = "healthy, small-count rates"
    case healthyHeavyTails = "healthy, heavy-tailed"
    case creepNoDeploy = "creep, no deploy"
    case dropAfterFullSwitch = "drop after a full switch"
    case dropOnSmallCanary = "drop on a 10% canary"
    case sameMeanShape = "same-mean shape change"
    case infrastructureSpike = "infrastructure spike"
    case twoChangesClose = "two changes 15 min apart"
    case slowCanaryDrop = "small drop on a 10% canary, 1/min"
    case modelThenPrompt = "model, then prompt 5 min later"

    var isHealthy: Bool { [.healthyDailyCycle, .healthySmallCounts, .healthyHeavyTails].contains(self) }
}

extension SplitMix64 {
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * Foundation.log(u)).squareRoot() * cos(2 * .pi * v)
    }

    mutating func binomial(_ n: Int, _ p: Double) -> Int {
        var k = 0
        for _ in 0..<n where uniform() < p { k += 1 }
        return k
    }

    /// Student's t with 3 degrees of freedom: heavy tails.
    mutating func studentT3() -> Double {
        let chi = (0..<3).reduce(0.0) { a, _ in let g = normal(); return a + g * g }
        return normal() / (chi / 3).squareRoot()
    }
}

/// A slowly wandering true level: AR(1) with time constant `tau` steps and
/// stationary standard deviation `sd`.
struct Wander {
    var value = 0.0
    let phi: Double
    let innovation: Double
    init(tau: Double, sd: Double) {
        phi = Foundation.exp(-1 / tau)
        innovation = sd * (1 - phi * phi).squareRoot()
    }
    mutating func step(_ rng: inout SplitMix64) -> Double {
        value = phi * value + innovation * rng.normal()
        return value
    }
}

enum ScenarioGenerator {
    static let start = EventTime.utc(year: 2026, month: 3, day: 2)
    static let deployment = "shop-agent"

    static func make(_ family: ScenarioFamily, seed: UInt64) -> Scenario {
        var g = Builder(seed: seed &* 0x9E37_79B9 &+ UInt64(ScenarioFamily.allCases.firstIndex(of: family)!))
        switch family {
        case .healthyDailyCycle:
            g.run(minutes: 1440, step: 60, requests: 400)
            return g.scenario(family, seed, onset: nil)
        case .healthySmallCounts:
            g.run(minutes: 1440, step: 60, requests: 30)
            return g.scenario(family, seed, onset: nil)
        case .healthyHeavyTails:
            g.heavyTails = true
            g.run(minutes: 1440, step: 60, requests: 200)
            return g.scenario(family, seed, onset: nil)
        case .creepNoDeploy:
            // Accuracy sinks 0.07 over 8 hours from hour 4.
            g.accuracyShift = { _, minute in minute < 240 ? 0 : -0.07 * min(1, Double(minute - 240) / 480) }
            g.run(minutes: 1440, step: 60, requests: 300)
            return g.scenario(family, seed, onset: start.adding(.hours(4)))
        case .dropAfterFullSwitch:
            g.deploy(atMinute: 120, flag: "shop-agent.prompt", from: "t1", to: "t2", weight: nil)
            g.accuracyShift = { _, minute in minute < 120 ? 0 : -0.1 }
            g.run(minutes: 360, step: 30, requests: 200)
            return g.scenario(family, seed, onset: start.adding(.hours(2)))
        case .dropOnSmallCanary:
            // The flagship (like fixtures/incidents/expired-return-policy).
            g.deploy(atMinute: 60, flag: "shop-agent.model", from: "v1", to: "v2", weight: 10)
            g.canaryFrom = 60
            g.accuracyShift = { canary, _ in canary ? -0.2 : 0 }
            g.run(minutes: 180, step: 10, requests: 100)
            return g.scenario(family, seed, onset: start.adding(.hours(1)))
        case .sameMeanShape:
            g.deploy(atMinute: 60, flag: "shop-agent.model", from: "v1", to: "v2", weight: 10)
            g.canaryFrom = 60
            g.bimodalCanary = true
            g.run(minutes: 180, step: 10, requests: 100)
            return g.scenario(family, seed, onset: start.adding(.hours(1)))
        case .infrastructureSpike:
            g.deploy(atMinute: 90, flag: "shop-agent.config", from: "c1", to: "c2", weight: nil)
            g.errorShift = { _, minute in minute < 90 ? 0 : 0.2 }
            g.run(minutes: 240, step: 10, requests: 100)
            return g.scenario(family, seed, onset: start.adding(.minutes(90)))
        case .twoChangesClose:
            // A canary's accuracy drops; 15 minutes later its error rate jumps too.
            g.deploy(atMinute: 60, flag: "shop-agent.model", from: "v1", to: "v2", weight: 20)
            g.canaryFrom = 60
            g.accuracyShift = { canary, _ in canary ? -0.12 : 0 }
            g.errorShift = { canary, minute in canary && minute >= 75 ? 0.15 : 0 }
            g.run(minutes: 180, step: 10, requests: 100)
            return g.scenario(family, seed, onset: start.adding(.hours(1)))
        case .slowCanaryDrop:
            // Accuracy −0.07 on a 10% canary sampled once a minute: about one
            // sample's σ, and never 20 canary samples in a 10-minute window.
            g.deploy(atMinute: 60, flag: "shop-agent.model", from: "v1", to: "v2", weight: 10)
            g.canaryFrom = 60
            g.accuracyShift = { canary, _ in canary ? -0.07 : 0 }
            g.run(minutes: 240, step: 60, requests: 300)
            return g.scenario(family, seed, onset: start.adding(.hours(1)))
        case .modelThenPrompt:
            // The model at minute 60 is at fault; errors climb from minute 61
            // over ten minutes. The prompt at minute 65 is harmless.
            g.deploy(atMinute: 60, flag: "shop-agent.model", from: "v1", to: "v2", weight: nil)
            g.deploy(atMinute: 65, flag: "shop-agent.prompt", from: "t1", to: "t2", weight: nil)
            g.errorShift = { _, minute in 0.14 * min(1, max(0, Double(minute - 61) / 10)) }
            g.run(minutes: 120, step: 10, requests: 200)
            var s = g.scenario(family, seed, onset: start.adding(.hours(1)))
            s.target = "shop-agent.model"
            return s
        }
    }

    /// Builds one recording: per step, per variant, every metric.
    struct Builder {
        var rng: SplitMix64
        var records: [Record] = []
        var accuracyShift: (Bool, Int) -> Double = { _, _ in 0 }
        var errorShift: (Bool, Int) -> Double = { _, _ in 0 }
        var canaryFrom: Int?
        var bimodalCanary = false
        var heavyTails = false
        var minutesRun = 0
        private var deploys: [(minute: Int, record: Record)] = []
        private var wanders: [String: Wander] = [:]

        init(seed: UInt64) { rng = SplitMix64(seed: seed) }

        mutating func deploy(atMinute m: Int, flag: String, from: String, to: String, weight: Double?) {
            deploys.append((m, .event(Event(time: start.adding(.minutes(Double(m))),
                                            kind: .deploy(DeployEvent(flag: flag, from: from, to: to, weight: weight)),
                                            labels: Labels(["deployment": deployment])))))
        }

        mutating func wander(_ key: String, sd: Double, tau: Double) -> Double {
            var w = wanders[key] ?? Wander(tau: tau, sd: sd)
            let v = w.step(&rng)
            wanders[key] = w
            return v
        }

        mutating func run(minutes: Int, step seconds: Int, requests perMinute: Int) {
            minutesRun = minutes
            var nextDeploy = 0
            let stepsPerHour = 3600 / seconds
            for s in 0..<(minutes * 60 / seconds) {
                let t = start.adding(.seconds(Double(s * seconds)))
                let minute = s * seconds / 60
                while nextDeploy < deploys.count, deploys[nextDeploy].minute <= minute {
                    records.append(deploys[nextDeploy].record)
                    nextDeploy += 1
                }
                // Traffic follows the day: a third of the peak at night.
                let day = 0.5 * (1 - cos(2 * .pi * (Double(minute) / 1440 - 0.1)))
                let traffic = Double(perMinute) * Double(seconds) / 60 * (0.35 + 0.65 * day)
                let variants: [(String, Double)] = canaryFrom.map { minute >= $0 } == true
                    ? [("baseline", 0.9), ("canary", 0.1)] : [("baseline", 1)]
                for (variant, share) in variants {
                    let canary = variant == "canary"
                    let n = max(1, Int((traffic * share).rounded()) + rng.below(3) - 1)
                    let tau = Double(stepsPerHour) * 3
                    let labels = Labels(["deployment": deployment, "variant": variant])
                    func add(_ metric: String, _ value: Double) {
                        records.append(.sample(Sample(time: t, metric: metric, value: value, labels: labels)))
                    }
                    let acc = 0.92 + wander("acc" + variant, sd: 0.01, tau: tau) + accuracyShift(canary, minute)
                    add("quality.policy_accuracy", Double(rng.binomial(n, min(max(acc, 0), 1))) / Double(n))
                    let err = 0.02 + 0.01 * day + abs(wander("err" + variant, sd: 0.004, tau: tau)) + errorShift(canary, minute)
                    add("errors.rate", Double(rng.binomial(n, min(max(err, 0), 1))) / Double(n))
                    let reph = 0.07 + wander("reph" + variant, sd: 0.008, tau: tau)
                    add("behavior.rephrase_rate", Double(rng.binomial(n, min(max(reph, 0), 1))) / Double(n))
                    let latNoise = heavyTails ? 0.15 * rng.studentT3() : 0.08 * rng.normal()
                    add("latency.p95_ms", (900 + 300 * day) * Foundation.exp(latNoise + wander("lat" + variant, sd: 0.05, tau: tau)))
                    let judgeNoise = heavyTails ? 0.015 * rng.studentT3() : 0.015 * rng.normal()
                    add("quality.judge_score", min(1, max(0, 0.84 + wander("judge" + variant, sd: 0.008, tau: tau) + judgeNoise
                        + accuracyShift(canary, minute) / 2)))
                    // Confidence: a few individual scores per step.
                    for _ in 0..<3 {
                        let c: Double
                        if bimodalCanary && canary {
                            c = (rng.uniform() < 0.5 ? 0.58 : 0.86) + 0.03 * rng.normal()
                        } else {
                            c = 0.72 + 0.1 * rng.normal()
                        }
                        add("confidence.score", min(1, max(0, c)))
                    }
                }
                records.append(.sample(Sample(time: t, metric: "traffic.rpm", value: traffic * 60 / Double(seconds),
                                              labels: Labels(["deployment": deployment, "variant": "baseline"]))))
            }
        }

        func scenario(_ family: ScenarioFamily, _ seed: UInt64, onset: EventTime?) -> Scenario {
            Scenario(family: family, seed: seed, records: records, onset: onset, span: .minutes(Double(minutesRun)))
        }
    }
}
