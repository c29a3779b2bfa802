/// The detector state of one signal for one deployment (and one variant, for
/// per-variant detectors). Owned by the Governor; never shared.
struct DetectorUnit: Sendable {
    enum Transition { case none, failed, recovered }

    let key: UnitKey
    /// The unit's detector: its kind and its index in the Governor's `DetectorStore`.
    private let kind: DetectorStore.Kind
    private let index: Int
    private let cusumOwnReference: Bool
    private(set) var status: SignalStatus = .warmingUp
    private(set) var lastSeen: EventTime?
    private var firstSeen: EventTime?
    /// Whether its samples' rhythm is known (kept in the `FeedTable`).
    private(set) var knowsRhythm = false
    private var inconclusiveFired = false
    private var breachSince: EventTime?
    /// The shape's PSI by sample (the other units' values are kept in the
    /// Governor's `FeedTable`, shared by the units fed the same samples).
    private var ownHistory = History()
    private(set) var judgment = Judgment(status: .warmingUp, detail: .noDataYet, value: nil,
                                         baseline: nil, samples: 0, baselineSamples: 0)
    private var stale: Statistic?
    /// A belief unit's statistic (it carries strings, so not in `judgment`).
    private var belief: Statistic?
    /// Set when the unit's next check may have come earlier (first sample,
    /// a status change); the Governor reschedules it and clears this.
    var needsSchedule = false

    /// Makes the unit's detector in `detectors`.
    init(key: UnitKey, spec: SignalSpec, detectors: inout DetectorStore) {
        self.key = key
        var againstBaseline = false
        if case .cusum(let c) = spec.detector {
            againstBaseline = c.reference == .auto && key.scope == .variant(c.canaryValue)
        }
        cusumOwnReference = !againstBaseline
        let made = detectors.make(spec.detector, againstBaseline: againstBaseline)
        kind = made.kind
        index = Int(made.index)
    }

    private var isBelief: Bool { kind == .belief }

    var statistic: Statistic {
        if let s = stale { return s }
        if inconclusiveFired && status == .warmingUp { return .inconclusive(judged) }
        return judged
    }

    /// The statistic of the latest sample or belief.
    private var judged: Statistic { belief ?? judgment.statistic }

    mutating func observe(_ t: EventTime, _ v: Double, canarySide: Bool,
                          detectors: inout DetectorStore) -> Transition {
        if firstSeen == nil { firstSeen = t; needsSchedule = true }
        if let seen = lastSeen, seen >= t {} else { lastSeen = t }
        if stale != nil { stale = nil }
        let wasFailing = status == .failing
        switch kind {
        case .threshold:
            judgment = detectors.thresholds[index].observe(t, v)
        case .canary:
            judgment = detectors.canaries[index].observe(t, v, canarySide: canarySide)
        case .cusum:
            judgment = detectors.cusums[index].observe(t, v, canarySide: canarySide)
        case .psi:
            judgment = detectors.shapes[index].observe(t, v, canarySide: canarySide)
            if let value = judgment.value { ownHistory.append(value) }
        case .anomaly:
            // The other side of an anomaly unit is its rate's request count.
            if canarySide { detectors.anomalies[index].observeCount(v); return .none }
            // The detector owns its episode: a gap in the data (no data)
            // inside an episode does not make its next sample a new alert.
            let episodeOpen = detectors.anomalies[index].isFailing
            judgment = detectors.anomalies[index].observe(t, v)
            return settle(judgment.status, at: t, wasFailing: wasFailing || episodeOpen)
        case .beforeAfter:
            judgment = detectors.beforeAfters[index].observe(t, v)
        case .belief:
            return .none
        }
        return settle(judgment.status, at: t, wasFailing: wasFailing)
    }

    /// Which of the unit's kept values a sample of this side feeds (the
    /// `FeedTable` keeps them): what it tests, the reference it is compared
    /// with, or neither (a shape's baseline side, an anomaly's request count).
    enum Role { case tested, reference }

    func role(canarySide: Bool) -> Role? {
        switch kind {
        case .threshold, .beforeAfter: .tested
        case .canary: canarySide ? .tested : .reference
        case .cusum: canarySide || cusumOwnReference ? .tested : .reference
        case .psi: canarySide || key.scope != .canaryVsBaseline ? .tested : nil
        case .anomaly: canarySide ? nil : .tested
        case .belief: nil
        }
    }

    /// Whether the unit compares with a reference it shows beside its values.
    var hasReference: Bool { kind == .canary || (kind == .cusum && !cusumOwnReference) }

    /// Whether the unit shows the values it tests (the shape shows its PSI).
    var showsTested: Bool { kind != .psi && kind != .belief }

    /// The unit's samples came at two distinct times (`FeedTable.hasInterval`):
    /// the first gap replaces the hour waited for an unknown rhythm by the
    /// series' own, so the stale check must come that much sooner.
    mutating func learnedRhythm() {
        knowsRhythm = true
        needsSchedule = true
    }

    /// A deploy in the unit's deployment at `t`, moving all traffic when
    /// `fullSwitch`: a canary comparison starts accumulating again, a
    /// before/after unit compares from a full switch.
    func deployed(at t: EventTime, fullSwitch: Bool, detectors: inout DetectorStore) {
        if kind == .canary { detectors.canaries[index].change(at: t) }
        if fullSwitch && kind == .beforeAfter { detectors.beforeAfters[index].change(at: t) }
    }

    /// When the breach began (or `t`): stands in for the change point of a
    /// unit that holds no values (a belief).
    func evidenceSince(at t: EventTime) -> EventTime { breachSince ?? t }

    /// Belief units fail at once on a contradiction and recover on agreement.
    mutating func observeBelief(_ t: EventTime, contradiction: BeliefContradiction?, believed: String) -> Transition {
        lastSeen = max(lastSeen ?? t, t)
        stale = nil
        let wasFailing = status == .failing
        belief = contradiction.map(Statistic.beliefContradicted) ?? .beliefAgrees(believed: believed)
        judgment = Judgment(status: contradiction == nil ? .ok : .failing, detail: .noDataYet,
                            value: nil, baseline: nil, samples: judgment.samples + 1, baselineSamples: 0)
        return settle(judgment.status, at: t, wasFailing: wasFailing)
    }

    @inline(__always)
    private mutating func settle(_ s: SignalStatus, at t: EventTime, wasFailing: Bool) -> Transition {
        if s != status { needsSchedule = true }
        status = s
        if s == .failing || s == .breaching { breachSince = breachSince ?? t } else { breachSince = nil }
        if s == .failing && !wasFailing { return .failed }
        if wasFailing && s == .ok { return .recovered }
        return .none
    }

    /// Marks the unit as having no data; returns true on the transition.
    /// `staleAfter`: the unit's rhythm's (`FeedTable.staleAfter`).
    mutating func checkStaleness(at t: EventTime, spec: SignalSpec, staleAfter: Duration) -> Bool {
        guard isBelief else {
            // The rhythm's floor is the earliest it can be stale: most checks stop there.
            guard let seen = lastSeen, status != .noData, t.since(seen) > (spec.staleAfter ?? SampleRhythm.floor),
                  t.since(seen) > (spec.staleAfter ?? staleAfter) else { return false }
            status = .noData
            breachSince = nil
            stale = .noDataFor(t.since(seen), policy: spec.noData)
            return true
        }
        return false
    }

    /// The earliest event time (ms) at which `checkStaleness` or
    /// `checkInconclusive` could change anything, as things stand; `Int64.max`
    /// if neither can until the unit sees data or changes status. Never
    /// later than the real time, possibly earlier.
    func nextCheck(spec: SignalSpec, staleAfter: Duration) -> Int64 {
        if inconclusiveFired && status != .warmingUp { return .min } // the check clears the flag
        var due = Int64.max
        if status == .warmingUp, !inconclusiveFired, let first = firstSeen {
            due = min(due, saturatingSum(first.milliseconds, spec.inconclusiveAfter.milliseconds))
        }
        if !isBelief, status != .noData, let seen = lastSeen {
            due = min(due, saturatingSum(seen.milliseconds, (spec.staleAfter ?? staleAfter).milliseconds))
        }
        return due
    }

    private func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max - 1 : .min) : s
    }

    /// True once, when the unit has been inconclusive for longer than its policy allows.
    mutating func checkInconclusive(at t: EventTime, spec: SignalSpec) -> Bool {
        guard status == .warmingUp, !inconclusiveFired, let first = firstSeen,
              t.since(first) > spec.inconclusiveAfter else {
            if status != .warmingUp { inconclusiveFired = false }
            return false
        }
        inconclusiveFired = true
        stale = .inconclusiveFor(t.since(first), judged, policy: spec.inconclusive)
        return true
    }

    func evidence(spec: SignalSpec, at t: EventTime, deploy: DeployRecord?, changePoint: ChangePoint?,
                  changes: [ChangeExplanation]) -> Evidence {
        var threshold: Double?
        if case .threshold(let th) = spec.detector { threshold = th.value }
        if case .cusum(let c) = spec.detector { threshold = c.threshold }
        if case .psi(let p) = spec.detector { threshold = p.threshold }
        if case .anomaly = spec.detector, case .anomaly(_, let limit, _) = judgment.detail { threshold = limit }
        return Evidence(signal: spec.name, metric: spec.metric, group: key.group,
                        value: judgment.value ?? .nan, baseline: judgment.baseline, threshold: threshold,
                        statistic: statistic, samples: judgment.samples,
                        baselineSamples: judgment.baselineSamples,
                        since: breachSince ?? t, at: t, deploy: deploy, changePoint: changePoint, changes: changes)
    }

    /// `tested` and `reference`: the values fed (`FeedTable`), oldest first.
    func state(spec: SignalSpec, tested: [Double], reference: [Double]) -> SignalState {
        var threshold: Double?
        if case .threshold(let th) = spec.detector { threshold = th.value }
        if case .psi(let p) = spec.detector { threshold = p.threshold }
        return SignalState(signal: spec.name, metric: spec.metric, family: spec.family,
                           group: key.group, scope: key.scope, status: status, value: judgment.value,
                           baseline: judgment.baseline, threshold: threshold, statistic: statistic,
                           samples: judgment.samples, lastSeen: lastSeen, noDataPolicy: spec.noData,
                           critical: spec.critical, history: kind == .psi ? ownHistory.values : tested,
                           baselineHistory: reference, inconclusivePolicy: spec.inconclusive)
    }
}
