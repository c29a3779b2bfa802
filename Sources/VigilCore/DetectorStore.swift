/// Every unit's detector, in one array per kind of detector; a unit holds
/// its kind and its index there.
///
/// Why: a unit that held an optional of every kind was about 2 KB inline
/// whatever its kind, and checked up to six optionals per sample. An enum
/// of detectors would be as big as the largest kind, and mutating a
/// payload in place means taking it out and putting it back (copying it
/// and its buffers' references every sample). Arrays by kind hold each
/// detector at its own size and mutate it in place.
struct DetectorStore: Sendable {
    enum Kind: UInt8, Sendable { case threshold, canary, cusum, psi, anomaly, beforeAfter, belief }

    var thresholds: [ThresholdDetector] = []
    var canaries: [CanaryDetector] = []
    var cusums: [CusumDetector] = []
    var shapes: [PSIDetector] = []
    var anomalies: [AnomalyDetector] = []
    var beforeAfters: [BeforeAfterDetector] = []

    /// Makes the detector of a new unit; its kind and index.
    mutating func make(_ detector: DetectorSpec, againstBaseline: Bool) -> (kind: Kind, index: Int32) {
        switch detector {
        case .threshold(let t):
            thresholds.append(ThresholdDetector(spec: t))
            return (.threshold, Int32(thresholds.count - 1))
        case .canary(let c):
            canaries.append(CanaryDetector(spec: c))
            return (.canary, Int32(canaries.count - 1))
        case .cusum(let c):
            cusums.append(CusumDetector(spec: c, againstBaseline: againstBaseline))
            return (.cusum, Int32(cusums.count - 1))
        case .psi(let p):
            shapes.append(PSIDetector(spec: p))
            return (.psi, Int32(shapes.count - 1))
        case .anomaly(let a):
            anomalies.append(AnomalyDetector(spec: a))
            return (.anomaly, Int32(anomalies.count - 1))
        case .beforeAfter(let b):
            beforeAfters.append(BeforeAfterDetector(spec: b))
            return (.beforeAfter, Int32(beforeAfters.count - 1))
        case .belief:
            return (.belief, -1)
        }
    }
}
