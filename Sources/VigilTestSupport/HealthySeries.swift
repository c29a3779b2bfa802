import Foundation

/// Healthy series of the kinds production metrics show, for checking that a
/// detector stays silent on them (tests and vigil-bench draw the same ones).
/// Every value comes from a seeded SplitMix64, so a false alert found on one
/// is reproducible from its kind and seed.
public enum HealthySeries {
    public enum Kind: String, CaseIterable, Sendable {
        /// A level with Gaussian noise, one sample a minute.
        case steady
        /// ±30% daily cycle with noise.
        case dailyCycle = "daily-cycle"
        /// An error rate from 5–40 requests a minute (p = 2%), with its count series.
        case smallCountRate = "small-count-rate"
        /// Log-normal values (σ = 0.5), like a latency.
        case logNormal = "log-normal"
        /// Student's t with 3 degrees of freedom: infinite kurtosis, the hardest case.
        case studentT3 = "student-t3"
        /// One sample every 30 to 60 minutes, with a small daily cycle.
        case sparse
    }

    /// One point: seconds from the start, the value, and the request count behind it (rates only).
    public struct Point: Sendable {
        public var seconds: Double
        public var value: Double
        public var count: Double?
    }

    public static func generate(_ kind: Kind, seed: UInt64, days: Double) -> [Point] {
        var rng = SplitMix64(seed: seed)
        var out: [Point] = []
        var s = 0.0
        while s < days * 86400 {
            let cycle = sin(2 * Double.pi * s.truncatingRemainder(dividingBy: 86400) / 86400)
            switch kind {
            case .steady: out.append(Point(seconds: s, value: 50 + 2 * rng.normal()))
            case .dailyCycle: out.append(Point(seconds: s, value: 100 + 30 * cycle + 3 * rng.normal()))
            case .smallCountRate:
                let n = Int(22 + 17 * cycle)
                var errors = 0
                for _ in 0..<n where rng.uniform() < 0.02 { errors += 1 }
                out.append(Point(seconds: s, value: Double(errors) / Double(max(n, 1)), count: Double(n)))
            case .logNormal: out.append(Point(seconds: s, value: 100 * exp(0.5 * rng.normal())))
            case .studentT3:
                let chi = (0..<3).map { _ in rng.normal() }.reduce(0) { $0 + $1 * $1 } / 3
                out.append(Point(seconds: s, value: 200 + 10 * rng.normal() / chi.squareRoot()))
            case .sparse: out.append(Point(seconds: s, value: 0.9 + 0.03 * cycle + 0.01 * rng.normal()))
            }
            s += kind == .sparse ? Double(1800 + rng.below(1801)) : 60
        }
        return out
    }
}

extension SplitMix64 {
    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
