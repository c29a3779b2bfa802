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
        case .threshold(let t): Self.append(ThresholdDetector(spec: t), to: &thresholds, .threshold)
        case .canary(let c): Self.append(CanaryDetector(spec: c), to: &canaries, .canary)
        case .cusum(let c): Self.append(CusumDetector(spec: c, againstBaseline: againstBaseline), to: &cusums, .cusum)
        case .psi(let p): Self.append(PSIDetector(spec: p), to: &shapes, .psi)
        case .anomaly(let a): Self.append(AnomalyDetector(spec: a), to: &anomalies, .anomaly)
        case .beforeAfter(let b): Self.append(BeforeAfterDetector(spec: b), to: &beforeAfters, .beforeAfter)
        case .belief: (.belief, -1)
        }
    }

    private static func append<D>(_ detector: D, to list: inout [D], _ kind: Kind) -> (kind: Kind, index: Int32) {
        list.append(detector)
        return (kind, Int32(list.count - 1))
    }
}
