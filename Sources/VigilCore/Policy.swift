/// The four signal families Vigil watches. The family decides which panel a
/// signal lives in and which failure mode a breach suggests.
public enum SignalFamily: String, CaseIterable, Hashable, Sendable {
    case infrastructure, quality, behavioral, drift

    /// The family a metric belongs to by its name prefix, as the built-in
    /// default policy assigns it (docs/policy.md).
    public static func byPrefix(_ metric: String) -> SignalFamily? {
        // `.` for native names, `_` for Prometheus names (`http_errors_total`).
        for (stem, family) in [("errors", SignalFamily.infrastructure), ("http", .infrastructure),
                               ("latency", .infrastructure), ("quality", .quality),
                               ("behavior", .behavioral), ("drift", .drift), ("confidence", .drift)]
        where metric.hasPrefix(stem + ".") || metric.hasPrefix(stem + "_") { return family }
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
///
/// With `mOfN`, the value is judged per sample instead: failing when at least
/// M of the last N samples breach (robust to single-sample noise).
public struct ThresholdSpec: Hashable, Sendable {
    public var value: Double
    public var direction: Direction
    public var sustain: Duration
    public var mOfN: (m: Int, n: Int)? {
        get { m > 0 ? (m, n) : nil }
        set { m = newValue?.m ?? 0; n = newValue?.n ?? 0 }
    }
    private var m = 0
    private var n = 0
    /// Once failing, the value must be back past this level to recover.
    /// Nil: the limit moved 10% of its size toward good (0.1 → 0.09), so a
    /// value hovering at the limit does not flap.
    public var recover: Double?
    /// Consecutive breaching samples needed besides `sustain`: "for 1m" is
    /// seven samples at a 10 s cadence but only two at one a minute, too
    /// few for a rate from a handful of requests.
    public var minSamples = 1
    public init(value: Double, direction: Direction, sustain: Duration = .zero) {
        self.value = value; self.direction = direction; self.sustain = sustain
    }

    /// The level a failing value must be back past to recover.
    public var recoveryLevel: Double {
        if let r = recover { return r }
        let margin = abs(value) * 0.1
        return direction == .higherIsWorse ? value - margin : value + margin
    }
}

/// Canary against baseline over a trailing window, judged by a mixture
/// sequential probability ratio test (mSPRT) on the difference of means:
/// a test that stays valid when checked after every sample, unlike a
/// z-test re-run each interval (docs/policy.md). Breach needs the mSPRT
/// likelihood ratio ≥ 1/alpha, an absolute effect ≥ `minEffect` in the bad
/// direction, and at least `minSamples` on each side.
public struct CanarySpec: Hashable, Sendable {
    public var window: Duration
    public var minSamples: Int
    public var minEffect: Double
    /// A floor on the effect relative to the baseline's mean (0.2: 20%),
    /// for metrics in physical units whose scale is their own.
    public var minRelativeEffect: Double?
    public var alpha: Double
    /// Kept for the evidence line: the plain z of the difference.
    public var zScore: Double
    public var direction: Direction
    /// The label whose value tells canary from baseline, and that value.
    public var variantLabel: String
    public var canaryValue: String

    public init(window: Duration = .minutes(10), minSamples: Int = 20, minEffect: Double = 0.05,
                alpha: Double = 0.01, zScore: Double = 0, direction: Direction, variantLabel: String = "variant",
                canaryValue: String = "canary") {
        self.window = window; self.minSamples = minSamples; self.minEffect = minEffect
        self.alpha = alpha; self.zScore = zScore; self.direction = direction; self.variantLabel = variantLabel
        self.canaryValue = canaryValue
    }
}

/// Page's CUSUM of robust standardized deviations (`CusumDetector`):
/// catches slow, sustained shifts that never cross a static threshold.
/// `slack` (k) and `threshold` (h) are in units of the noise scale.
/// k = 0.5, h = 15 detect a one-sigma shift in about 32 samples. h is
/// higher than the textbook 8 because the reference and scale are
/// estimated, not known: an error of 0.1σ in the level cuts a CUSUM's
/// run length several-fold. The in-control run lengths measured on
/// realistic healthy series are in docs/detection.md.
public struct CusumSpec: Hashable, Sendable {
    /// What a deviation is measured from.
    public enum Reference: String, Hashable, Sendable {
        /// The canary variant against its baseline (the baseline variant's
        /// trailing mean over `window`, never the canary's own past); every
        /// other variant against itself.
        case auto
        /// Every variant, the canary too, against its own past: its first
        /// `warmup` samples, then the same time yesterday.
        case own
    }
    public var direction: Direction
    public var slack: Double
    public var threshold: Double
    public var warmup: Int
    public var reference: Reference = .auto
    /// The baseline's trailing window the canary is compared with.
    public var window: Duration = .minutes(15)
    /// The smallest noise scale believed, in the metric's units: for a rate
    /// from about n requests per sample, √(p(1−p)/n) (docs/policy.md).
    public var minSigma: Double?
    /// The smallest sustained shift worth acting on, in the metric's units:
    /// the slack is at least half of it, so a level that wanders by less
    /// (real series do, by about one noise σ over hours) never adds up.
    public var minShift: Double?
    public var variantLabel = "variant"
    public var canaryValue = "canary"
    public init(direction: Direction, slack: Double = 0.5, threshold: Double = 15, warmup: Int = 120) {
        self.direction = direction; self.slack = slack; self.threshold = threshold; self.warmup = warmup
    }
}

/// Distribution shift on fixed bins: PSI, with Jensen–Shannon divergence and
/// the Wasserstein-1 distance as optional second and third gates.
public struct PSISpec: Hashable, Sendable {
    public enum Comparison: String, Hashable, Sendable {
        case canaryVsBaseline = "canary_vs_baseline"
        case windowVsReference = "window_vs_reference"
    }
    public var window: Duration = .minutes(15)
    /// For window_vs_reference: the first span of data, frozen as reference.
    public var reference: Duration = .hours(1)
    public var bins = 10
    public var lower = 0.0
    public var upper = 1.0
    public var threshold = 0.2
    /// Optional second gate: JS divergence (base 2, 0...1) must reach this too.
    public var jsThreshold: Double?
    /// Optional third gate: the Wasserstein-1 distance (in the metric's
    /// units) must reach this too.
    public var wassersteinThreshold: Double?
    /// Once failing, PSI must fall below this to recover. Nil: half the
    /// threshold (0.2 → 0.1, the "stable" end of the rule of thumb), so a
    /// PSI hovering at its limit does not flap.
    public var recover: Double?
    public var minSamples = 50
    public var comparison: Comparison = .canaryVsBaseline
    public var variantLabel = "variant"
    public var canaryValue = "canary"
    public init() {}

    /// The PSI a failing shift must fall below to recover.
    public var recoveryLevel: Double { recover ?? threshold / 2 }
}

/// Which way is bad for the single-series anomaly detector, which may watch both.
public enum AnomalyDirection: String, Hashable, Sendable {
    case higherIsWorse = "higher_is_worse"
    case lowerIsWorse = "lower_is_worse"
    case both
}

/// A single series against its own robust, seasonal past (AnomalyDetector).
/// Only the direction (and, for a rate, the series counting its requests)
/// is the policy's to say: the rest are fixed defaults, chosen on NAB and on
/// generated healthy series (docs/detection.md), never tuned per series.
public struct AnomalySpec: Hashable, Sendable {
    public var direction: AnomalyDirection
    /// The metric holding the number of requests behind each value of a
    /// rate (same labels): the scale never drops below √(p(1−p)/n).
    public var countMetric: String?
    public init(direction: AnomalyDirection = .both, countMetric: String? = nil) {
        self.direction = direction; self.countMetric = countMetric
    }

    static let sliceMillis: Int64 = 3_600_000
    static let dayMillis: Int64 = 86_400_000
    /// Samples the three-day baseline needs before judging.
    static let minSamples = 24
    /// Days of history for the seasonal median and the learned limit.
    static let seasonDays = 7
    /// Earlier days that must hold the same hour before it counts as a season.
    static let minSeasonDays = 3
    /// The season is used when its residual scale is below this share of the plain one.
    static let seasonalGain = 0.8
    /// The lowest limit, in scales.
    static let floorZ = 6.0
    /// The limit, as a multiple of the median daily maximum deviation.
    static let tailFactor = 1.5
    /// A single sample this many median daily maxima out fails at once.
    static let singleFactor = 4.0
    /// Two exceedances within this span fail the signal.
    static let confirmSpan = Duration.hours(1)
    /// Recovery: the deviation stays within this many scales for `recoverHold`.
    static let recoverZ = 3.0
    static let recoverHold = Duration.hours(1)
    /// The scale is at least this share of the level: with `floorZ`, a
    /// deviation under 6% of the level never pages (the minimum effect).
    static let minRelativeScale = 0.01
}

/// The same series after a full switch against before it
/// (`BeforeAfterDetector`): a canary comparison for deploys with no canary.
public struct BeforeAfterSpec: Hashable, Sendable {
    public var direction: Direction
    /// The reference: this much of the series just before the change.
    public var window: Duration = .minutes(30)
    /// How long after the change it is judged.
    public var horizon: Duration = .hours(1)
    public var minSamples = 20
    public var minEffect = 0.05
    public var minRelativeEffect: Double?
    public var alpha = 0.01
    public init(direction: Direction) { self.direction = direction }
}

public enum DetectorSpec: Hashable, Sendable {
    case threshold(ThresholdSpec)
    case canary(CanarySpec)
    case cusum(CusumSpec)
    case psi(PSISpec)
    case anomaly(AnomalySpec)
    case beforeAfter(BeforeAfterSpec)
    /// Joins agents' belief events with authoritative state events.
    case belief
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
    /// No sample for this long (event time) means "no data". Nil: three
    /// of the series' own typical intervals, at least five minutes
    /// (`SampleRhythm`), so sparse series do not flap to NO DATA.
    public var staleAfter: Duration?
    /// What to do when the detector stays inconclusive (too few samples to
    /// judge, e.g. a canary with almost no traffic) for `inconclusiveAfter`.
    public var inconclusive: NoDataPolicy = .hold
    public var inconclusiveAfter: Duration = .minutes(30)

    public init(name: String, metric: String, family: SignalFamily, match: Labels = Labels(),
                detector: DetectorSpec, critical: Bool = false, noData: NoDataPolicy = .hold,
                staleAfter: Duration? = nil) {
        self.name = name; self.metric = metric; self.family = family; self.match = match
        self.detector = detector; self.critical = critical; self.noData = noData
        self.staleAfter = staleAfter
    }
}

public enum FlagRole: String, Hashable, Sendable {
    case model, prompt, config, capability
}

/// What the policy knows about a flag beyond what deploy events say.
public struct FlagSpec: Hashable, Sendable {
    public var name: String
    public var deployment: String?
    public var role: FlagRole
    /// A simpler, reliable variant to degrade to (graceful degradation).
    public var fallbackVariant: String?
    /// Another variant that can take the traffic (traffic shift with no canary).
    public var secondaryVariant: String?
    /// The variant that restricts a capability (`off_variant:`). Flags name
    /// their variants as they like (`on/off`, `enabled/disabled`): the
    /// policy says which one restricts. Nil: the flag's one variant whose
    /// value is `false`, found when the action runs.
    public var offVariant: String?
    public init(name: String, deployment: String? = nil, role: FlagRole = .model,
                fallbackVariant: String? = nil, secondaryVariant: String? = nil) {
        self.name = name; self.deployment = deployment; self.role = role
        self.fallbackVariant = fallbackVariant; self.secondaryVariant = secondaryVariant
    }
}

/// Combines signals: with rules in a policy, a failing signal proposes only
/// when it is critical or completes a rule that names it.
public struct CompositeRule: Hashable, Sendable {
    public enum Combinator: String, Hashable, Sendable { case all, any }
    public var name: String
    public var combinator: Combinator
    public var signals: [String]
    public init(name: String, combinator: Combinator, signals: [String]) {
        self.name = name; self.combinator = combinator; self.signals = signals
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
    /// Whom to page, and when, while a proposal stays unanswered; nil: never.
    public var escalation: EscalationLadder?
    /// The first rung's time; setting it makes the one-step ladder
    /// (`escalate_after`, the shorthand).
    public var escalateAfter: Duration? {
        get { escalation?.steps.first?.after }
        set { escalation = newValue.map(EscalationLadder.once(after:)) }
    }
    /// Signal name -> countdown after which its proposal executes itself
    /// unless a person rejects it. Only honoured for the floor case: an
    /// infrastructure failure right after a deploy.
    public var autoAfter: [String: Duration] = [:]
    /// What each response costs, in failed requests (`costs:`); kinds not
    /// declared take `ResponseCost.defaults`.
    public var costs: [ResponseKind: Double] = ResponseCost.defaults
    /// How long a rejection mutes its cause (and only its cause). A cause
    /// still failing when the mute ends is proposed again.
    public var rejectMute: Duration = .minutes(30)
    /// How long after an action to judge whether it worked.
    public var verifyAfter: Duration = .minutes(10)
    /// Composite rules; empty means every failing signal proposes.
    public var rules: [CompositeRule] = []
    /// The metric holding requests per minute per variant, for blast radius.
    public var trafficMetric = "traffic.rpm"

    public init(name: String, groupBy: String = "deployment", signals: [SignalSpec],
                flags: [FlagSpec] = [], recentChange: Duration = .hours(24),
                escalateAfter: Duration? = .minutes(15)) {
        self.name = name; self.groupBy = groupBy; self.signals = signals; self.flags = flags
        self.recentChange = recentChange
        self.escalation = escalateAfter.map(EscalationLadder.once(after:))
    }
}
