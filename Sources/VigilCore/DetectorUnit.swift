/// The detector state of one signal for one deployment (and one variant, for
/// per-variant detectors). Owned by the Governor; never shared.
struct DetectorUnit: Sendable {
    enum Transition { case none, failed, recovered }

    private enum Detector: Sendable {
        case threshold(ThresholdDetector)
        case canary(CanaryDetector)
        case cusum(CusumDetector)
        case psi(PSIDetector)
        case belief
    }

    let key: UnitKey
    private var detector: Detector
    private(set) var status: SignalStatus = .warmingUp
    private(set) var lastSeen: EventTime?
    private var firstSeen: EventTime?
    private var inconclusiveFired = false
    private var breachSince: EventTime?
    private var history = History()
    private var baselineHistory = History()
    private(set) var judgment = Judgment(status: .warmingUp, statistic: "no data yet", value: nil,
                                         baseline: nil, samples: 0, baselineSamples: 0)
    private var staleText: String?

    init(key: UnitKey, spec: SignalSpec) {
        self.key = key
        switch spec.detector {
        case .threshold(let t): detector = .threshold(ThresholdDetector(spec: t))
        case .canary(let c): detector = .canary(CanaryDetector(spec: c))
        case .cusum(let c): detector = .cusum(CusumDetector(spec: c))
        case .psi(let p): detector = .psi(PSIDetector(spec: p))
        case .belief: detector = .belief
        }
    }

    var statistic: String {
        if let s = staleText { return s }
        if inconclusiveFired && status == .warmingUp { return "inconclusive: \(judgment.statistic)" }
        return judgment.statistic
    }

    mutating func observe(_ t: EventTime, _ v: Double, canarySide: Bool) -> Transition {
        firstSeen = firstSeen ?? t
        lastSeen = max(lastSeen ?? t, t)
        staleText = nil
        let wasFailing = status == .failing
        switch detector {
        case .threshold(var d):
            judgment = d.observe(t, v); detector = .threshold(d)
            history.append(v)
        case .canary(var d):
            judgment = d.observe(t, v, canarySide: canarySide); detector = .canary(d)
            if canarySide { history.append(v) } else { baselineHistory.append(v) }
        case .cusum(var d):
            judgment = d.observe(t, v); detector = .cusum(d)
            history.append(v)
        case .psi(var d):
            judgment = d.observe(t, v, canarySide: canarySide); detector = .psi(d)
            if let psi = judgment.value { history.append(psi) }
        case .belief:
            return .none
        }
        return settle(judgment.status, at: t, wasFailing: wasFailing)
    }

    /// Belief units fail at once on a contradiction and recover on agreement.
    mutating func observeBelief(_ t: EventTime, contradiction: String?, believed: String) -> Transition {
        lastSeen = max(lastSeen ?? t, t)
        staleText = nil
        let wasFailing = status == .failing
        judgment = Judgment(status: contradiction == nil ? .ok : .failing,
                            statistic: contradiction ?? "belief \(believed) agrees with state",
                            value: nil, baseline: nil, samples: judgment.samples + 1, baselineSamples: 0)
        return settle(judgment.status, at: t, wasFailing: wasFailing)
    }

    private mutating func settle(_ s: SignalStatus, at t: EventTime, wasFailing: Bool) -> Transition {
        status = s
        if s == .failing || s == .breaching { breachSince = breachSince ?? t } else { breachSince = nil }
        if s == .failing && !wasFailing { return .failed }
        if wasFailing && s == .ok { return .recovered }
        return .none
    }

    /// Marks the unit as having no data; returns true on the transition.
    mutating func checkStaleness(at t: EventTime, spec: SignalSpec) -> Bool {
        guard case .belief = detector else {
            guard let seen = lastSeen, t.since(seen) > spec.staleAfter, status != .noData else { return false }
            status = .noData
            breachSince = nil
            staleText = "no data for \(t.since(seen)) (policy: \(spec.noData.rawValue))"
            return true
        }
        return false
    }

    /// True once, when the unit has been inconclusive for longer than its policy allows.
    mutating func checkInconclusive(at t: EventTime, spec: SignalSpec) -> Bool {
        guard status == .warmingUp, !inconclusiveFired, let first = firstSeen,
              t.since(first) > spec.inconclusiveAfter else {
            if status != .warmingUp { inconclusiveFired = false }
            return false
        }
        inconclusiveFired = true
        staleText = "inconclusive for \(t.since(first)): \(judgment.statistic) (policy: \(spec.inconclusive.rawValue))"
        return true
    }

    func evidence(spec: SignalSpec, at t: EventTime, deploy: String?) -> Evidence {
        var threshold: Double?
        if case .threshold(let th) = spec.detector { threshold = th.value }
        if case .cusum(let c) = spec.detector { threshold = c.threshold }
        if case .psi(let p) = spec.detector { threshold = p.threshold }
        return Evidence(signal: spec.name, metric: spec.metric, group: key.group,
                        value: judgment.value ?? .nan, baseline: judgment.baseline, threshold: threshold,
                        statistic: statistic, samples: judgment.samples,
                        baselineSamples: judgment.baselineSamples,
                        since: breachSince ?? t, at: t, deploy: deploy)
    }

    func state(spec: SignalSpec) -> SignalState {
        var threshold: Double?
        if case .threshold(let th) = spec.detector { threshold = th.value }
        if case .psi(let p) = spec.detector { threshold = p.threshold }
        return SignalState(signal: spec.name, metric: spec.metric, family: spec.family,
                           group: key.group, scope: key.scope, status: status, value: judgment.value,
                           baseline: judgment.baseline, threshold: threshold, statistic: statistic,
                           samples: judgment.samples, lastSeen: lastSeen, noDataPolicy: spec.noData,
                           critical: spec.critical, history: history.values,
                           baselineHistory: baselineHistory.values)
    }
}
