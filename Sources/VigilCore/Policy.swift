/// The four signal families Vigil watches. The family decides which panel a
/// signal lives in and which failure mode a breach suggests.
public enum SignalFamily: String, CaseIterable, Hashable, Sendable {
    case infrastructure, quality, behavioral, drift

    /// The family a metric belongs to by its name prefix, as the built-in
    /// default policy assigns it (docs/policy.md).
    public static func byPrefix(_ metric: String) -> SignalFamily? {
        for (prefix, family) in [("errors.", SignalFamily.infrastructure), ("http.", .infrastructure),
                                 ("latency.", .infrastructure), ("quality.", .quality),
                                 ("behavior.", .behavioral), ("drift.", .drift), ("confidence.", .drift)]
        where metric.hasPrefix(prefix) { return family }
        return nil
    }
}

/// Which way is bad for a value.
public enum Direction: String, Hashable, Sendable {
    case higherIsWorse = "higher_is_worse"
    case lowerIsWorse = "lower_is_worse"

    /// True when `value` is worse than `reference`.
    func isWorse(_ value: Double, than reference: Double) -> Bool {
        self == .higherIsWorse ? value > reference : value < reference
    }
}

/// What to do when a signal has no (or not enough) data: an explicit choice,
/// shown on screen, never an accident.
public enum NoDataPolicy: String, Hashable, Sendable {
    case hold, escalate, fail
}

/// A value must cross `value` continuously for `for` before it counts.
public struct ThresholdSpec: Hashable, Sendable {
    public var value: Double
    public var direction: Direction
    public var sustain: Duration
    public init(value: Double, direction: Direction, sustain: Duration = .zero) {
        self.value = value; self.direction = direction; self.sustain = sustain
    }
}

/// Canary against baseline over a trailing window: breach when the canary is
/// worse by at least `minEffect` (absolute) and the difference is larger than
/// `zScore` standard errors, with at least `minSamples` on each side.
public struct CanarySpec: Hashable, Sendable {
    public var window: Duration
    public var minSamples: Int
    public var minEffect: Double
    public var zScore: Double
    public var direction: Direction
    /// The label whose value tells canary from baseline, and that value.
    public var variantLabel: String
    public var canaryValue: String

    public init(window: Duration = .minutes(10), minSamples: Int = 20, minEffect: Double = 0.05,
                zScore: Double = 4, direction: Direction, variantLabel: String = "variant",
                canaryValue: String = "canary") {
        self.window = window; self.minSamples = minSamples; self.minEffect = minEffect
        self.zScore = zScore; self.direction = direction; self.variantLabel = variantLabel
        self.canaryValue = canaryValue
    }
}

public enum DetectorSpec: Hashable, Sendable {
    case threshold(ThresholdSpec)
    case canary(CanarySpec)
}

/// One watched signal: a metric, the labels it must carry, and how it is judged.
public struct SignalSpec: Hashable, Sendable {
    public var name: String
    public var metric: String
    public var family: SignalFamily
    public var match: Labels
    public var detector: DetectorSpec
    public var critical: Bool
    public var noData: NoDataPolicy
    /// No sample for this long (event time) means "no data".
    public var staleAfter: Duration

    public init(name: String, metric: String, family: SignalFamily, match: Labels = Labels(),
                detector: DetectorSpec, critical: Bool = false, noData: NoDataPolicy = .hold,
                staleAfter: Duration = .minutes(5)) {
        self.name = name; self.metric = metric; self.family = family; self.match = match
        self.detector = detector; self.critical = critical; self.noData = noData
        self.staleAfter = staleAfter
    }
}

/// What the policy knows about a flag beyond what deploy events say.
public struct FlagSpec: Hashable, Sendable {
    public var name: String
    public var deployment: String?
    /// A simpler, reliable variant to degrade to (graceful degradation).
    public var fallbackVariant: String?
    public init(name: String, deployment: String? = nil, fallbackVariant: String? = nil) {
        self.name = name; self.deployment = deployment; self.fallbackVariant = fallbackVariant
    }
}

/// The governance policy in force. Parsed from `vigil.yaml` outside the core.
public struct Policy: Hashable, Sendable {
    public var name: String
    /// The label that groups series into deployments.
    public var groupBy: String
    public var signals: [SignalSpec]
    public var flags: [FlagSpec]
    /// A deploy older than this is not blamed for a breach.
    public var recentChange: Duration
    /// An unanswered proposal escalates after this long; nil: never.
    public var escalateAfter: Duration?

    public init(name: String, groupBy: String = "deployment", signals: [SignalSpec],
                flags: [FlagSpec] = [], recentChange: Duration = .hours(24),
                escalateAfter: Duration? = .minutes(15)) {
        self.name = name; self.groupBy = groupBy; self.signals = signals; self.flags = flags
        self.recentChange = recentChange; self.escalateAfter = escalateAfter
    }
}
