import VigilCore

/// The built-in policy for recordings with no `vigil.yaml` (docs/policy.md).
public enum DefaultPolicy {
    public static func make() -> Policy {
        Policy(name: "built-in default", signals: [
            SignalSpec(name: "error-rate", metric: "errors.rate", family: .infrastructure,
                       detector: .threshold(ThresholdSpec(value: 0.05, direction: .higherIsWorse, sustain: .minutes(1)))),
            SignalSpec(name: "policy-accuracy", metric: "quality.policy_accuracy", family: .quality,
                       detector: .canary(CanarySpec(direction: .lowerIsWorse))),
        ])
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
