import VigilCore

/// The built-in policy for recordings with no `vigil.yaml` (docs/policy.md):
/// every metric of a documented family, found by its name's prefix
/// (`errors.`/`http.`/`latency.`, `quality.`, `behavior.`, `drift.`/
/// `confidence.`, or the same with `_` for Prometheus names), is watched by
/// detectors that need no tuning, with its direction by convention.
public enum DefaultPolicy {
    /// The default signals for the metrics a recording holds.
    public static func make(for catalog: RecordingCatalog) -> Policy {
        var signals: [SignalSpec] = []
        for metric in catalog.metrics {
            signals += self.signals(for: metric, hasCanary: catalog.canaryMetrics.contains(metric))
        }
        if catalog.hasBeliefs {
            signals.append(SignalSpec(name: "agent-beliefs", metric: "", family: .drift, detector: .belief,
                                      critical: true))
        }
        return Policy(name: "built-in default", signals: signals)
    }

    /// The default signals when nothing is known about the recording: the
    /// two metrics of the shipped demo (`errors.rate`, `quality.policy_accuracy`).
    public static func make() -> Policy {
        make(for: RecordingCatalog(metrics: ["errors.rate", "quality.policy_accuracy"],
                                   canaryMetrics: ["quality.policy_accuracy"]))
    }

    /// The documented families by name prefix, with `.` (native) or `_` (Prometheus).
    static func family(of metric: String) -> SignalFamily? {
        SignalFamily.byPrefix(metric)
    }

    /// Which way is bad, by convention (docs/metrics-format.md): quality and
    /// confidence scores are better high; errors, latency, behavior rates
    /// (rephrase, abandon, escalation) and drift scores are better low. A
    /// name saying otherwise wins: `success`, `availability`, `accuracy`,
    /// `resolution`, `satisfaction` are better high; `error`, `fail`,
    /// `hallucination`, `toxicity`, `refusal` are better low.
    public static func direction(of metric: String) -> Direction? {
        guard let family = family(of: metric) else { return nil }
        let name = metric.lowercased()
        let goodHigh = ["success", "availability", "accuracy", "resolution", "satisfaction", "csat", "uptime"]
        let badHigh = ["error", "fail", "hallucination", "toxicity", "refusal", "latency", "abandon", "rephrase"]
        if goodHigh.contains(where: name.contains) { return .lowerIsWorse }
        if badHigh.contains(where: name.contains) { return .higherIsWorse }
        let scoreLike = family == .quality || name.hasPrefix("confidence")
        return scoreLike ? .lowerIsWorse : .higherIsWorse
    }

    /// Scores between 0 and 1 whose shape matters (judge scores, confidence).
    static func isScoreLike(_ metric: String) -> Bool {
        ["quality.", "quality_", "confidence.", "confidence_"].contains(where: metric.hasPrefix)
    }

    /// Values in physical units (milliseconds, seconds): effects are relative.
    static func isUnbounded(_ metric: String) -> Bool {
        let name = metric.lowercased()
        return name.hasPrefix("latency") || ["_ms", "_s", "_seconds", "_bytes"].contains(where: name.hasSuffix)
            || name.contains("time_to")
    }

    static func signals(for metric: String, hasCanary: Bool) -> [SignalSpec] {
        guard let family = family(of: metric), let direction = direction(of: metric) else { return [] }
        var out: [SignalSpec] = []
        let name = metric.lowercased()
        // The infrastructure floor: an error rate over 10% for a minute and
        // at least 5 samples (a rate from ten requests is often over 5%).
        if family == .infrastructure && (name.contains("error") || name.contains("fail")) && !isUnbounded(metric) {
            var floor = ThresholdSpec(value: 0.1, direction: direction, sustain: .minutes(1))
            floor.minSamples = 5
            out.append(SignalSpec(name: "\(metric) threshold", metric: metric, family: family, detector: .threshold(floor)))
        }
        // The smallest effect worth acting on: 20% of the level for physical
        // units (a latency's scale is its own), else an absolute fraction.
        let absolute = isUnbounded(metric) ? 0 : (family == .quality || family == .drift ? 0.05 : 0.02)
        let relative: Double? = isUnbounded(metric) ? 0.2 : nil
        if hasCanary {
            var canary = CanarySpec(direction: direction)
            canary.minEffect = absolute
            canary.minRelativeEffect = relative
            out.append(SignalSpec(name: "\(metric) canary", metric: metric, family: family,
                                  detector: .canary(canary)))
            if isScoreLike(metric) {
                var shape = PSISpec()
                shape.threshold = 0.25
                shape.wassersteinThreshold = 0.03
                shape.minSamples = 100
                out.append(SignalSpec(name: "\(metric) shape", metric: metric, family: family, detector: .psi(shape)))
            }
        }
        // A deploy that moves all traffic has no canary to compare with: the
        // hour after it against the half hour before.
        var change = BeforeAfterSpec(direction: direction)
        change.minEffect = absolute
        change.minRelativeEffect = relative
        out.append(SignalSpec(name: "\(metric) before/after", metric: metric, family: family,
                              detector: .beforeAfter(change)))
        // Slow change with no canary and no deploy (a creep, data drift): a
        // robust CUSUM on scores, the canary judged against its baseline,
        // acting only on sustained shifts of 0.05 or more (real scores wander
        // by about 0.01 over hours, and the reference was itself taken at
        // some point of that wander; that must not page). The slack is the
        // dead band 0.025 plus ½σ: never narrower than max(0.03, ½σ) where
        // σ ≥ 0.01, and narrow enough to catch a day-long data drift
        // (gradual-data-drift) within 12 hours.
        if isScoreLike(metric) || family == .drift && !isUnbounded(metric) {
            var trend = CusumSpec(direction: direction)
            trend.minShift = 0.05
            out.append(SignalSpec(name: "\(metric) trend", metric: metric, family: family, detector: .cusum(trend)))
        }
        // Every fraction-valued series against its own robust, seasonal past
        // (docs/detection.md). Not yet on physical units: on heavy-tailed
        // latency it raised 4 false proposals in 10 healthy days (scenarios).
        guard !isUnbounded(metric) else { return out }
        let anomaly = AnomalySpec(direction: direction == .higherIsWorse ? .higherIsWorse : .lowerIsWorse)
        out.append(SignalSpec(name: "\(metric) anomaly", metric: metric, family: family, detector: .anomaly(anomaly)))
        return out
    }

    /// The floor that error-rate alarms give (AppConfig with CloudWatch):
    /// a threshold on the error rate and nothing else.
    public static func errorRateOnly() -> Policy {
        Policy(name: "error-rate-only", signals: [
            SignalSpec(name: "error-rate", metric: "errors.rate", family: .infrastructure,
                       detector: .threshold(ThresholdSpec(value: 0.05, direction: .higherIsWorse, sustain: .minutes(1)))),
        ])
    }
}
