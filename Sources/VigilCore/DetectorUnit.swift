/// The detector state of one signal for one deployment (and one variant, for
/// threshold signals). Owned by the Governor; never shared.
struct DetectorUnit: Sendable {
    enum Transition { case none, failed, recovered }

    let key: UnitKey
    private(set) var status: SignalStatus = .warmingUp
    private var breachSince: EventTime?
    private var lastSeen: EventTime?
    private var canary: SeriesWindow
    private var baseline: SeriesWindow
    private var history = History()
    private var baselineHistory = History()
    private(set) var statistic = ""
    private var value: Double?
    private var baselineValue: Double?
    private var samples = 0

    init(key: UnitKey, spec: SignalSpec) {
        self.key = key
        switch spec.detector {
        case .threshold(let t):
            canary = SeriesWindow(span: max(t.sustain, .minutes(1)))
            baseline = SeriesWindow(span: .minutes(1), capacity: 1)
        case .canary(let c):
            canary = SeriesWindow(span: c.window)
            baseline = SeriesWindow(span: c.window)
        }
    }

    mutating func observe(_ t: EventTime, _ v: Double, canarySide: Bool, spec: SignalSpec) -> Transition {
        lastSeen = max(lastSeen ?? t, t)
        samples += 1
        let wasFailing = status == .failing
        switch spec.detector {
        case .threshold(let th):
            canary.append(t, v)
            history.append(v)
            value = v
            let breach = th.direction == .higherIsWorse ? v > th.value : v < th.value
            statistic = "\(formatNumber(v)) \(th.direction == .higherIsWorse ? ">" : "<") \(formatNumber(th.value))?"
            if breach {
                let since = breachSince ?? t
                breachSince = since
                let held = t.since(since)
                status = held >= th.sustain ? .failing : .breaching
                statistic = "\(formatNumber(v)) \(th.direction == .higherIsWorse ? ">" : "<") \(formatNumber(th.value)) for \(held)"
            } else {
                breachSince = nil
                status = .ok
                statistic = "\(formatNumber(v)) within \(formatNumber(th.value))"
            }
        case .canary(let c):
            if canarySide {
                canary.append(t, v); history.append(v)
            } else {
                baseline.append(t, v); baselineHistory.append(v)
            }
            canary.evict(before: t.adding(Duration(milliseconds: -c.window.milliseconds)))
            baseline.evict(before: t.adding(Duration(milliseconds: -c.window.milliseconds)))
            value = canary.mean
            baselineValue = baseline.mean
            guard canary.count >= c.minSamples, baseline.count >= c.minSamples,
                  let cm = canary.mean, let bm = baseline.mean else {
                status = wasFailing ? .failing : .warmingUp
                statistic = "n=\(canary.count)/\(baseline.count) < \(c.minSamples)"
                return .none
            }
            let se = ((canary.variance ?? 0) / Double(canary.count)
                      + (baseline.variance ?? 0) / Double(baseline.count)).squareRoot()
            let diff = cm - bm
            let z = se > 0 ? abs(diff) / se : (diff == 0 ? 0 : .infinity)
            let worse = c.direction.isWorse(cm, than: bm)
            statistic = "Δ=\(formatNumber(diff)) z=\(formatNumber(z, digits: 1))"
            if worse && abs(diff) >= c.minEffect && z >= c.zScore {
                breachSince = breachSince ?? t
                status = .failing
            } else {
                breachSince = nil
                status = .ok
            }
        }
        if status == .failing && !wasFailing { return .failed }
        if wasFailing && status == .ok { return .recovered }
        return .none
    }

    mutating func checkStaleness(at t: EventTime, spec: SignalSpec) {
        guard let seen = lastSeen, t.since(seen) > spec.staleAfter, status != .noData else { return }
        status = .noData
        statistic = "no data for \(t.since(seen)) (policy: \(spec.noData.rawValue))"
    }

    func evidence(spec: SignalSpec, at t: EventTime, deploy: String?) -> Evidence {
        var threshold: Double?
        if case .threshold(let th) = spec.detector { threshold = th.value }
        return Evidence(signal: spec.name, metric: spec.metric, group: key.group,
                        value: value ?? .nan, baseline: baselineValue, threshold: threshold,
                        statistic: statistic, samples: canary.count, baselineSamples: baseline.count,
                        since: breachSince ?? t, at: t, deploy: deploy)
    }

    func state(spec: SignalSpec) -> SignalState {
        var threshold: Double?
        if case .threshold(let th) = spec.detector { threshold = th.value }
        return SignalState(signal: spec.name, metric: spec.metric, family: spec.family,
                           group: key.group, scope: key.scope, status: status, value: value,
                           baseline: baselineValue, threshold: threshold, statistic: statistic,
                           samples: samples, lastSeen: lastSeen, noDataPolicy: spec.noData,
                           critical: spec.critical, history: history.values,
                           baselineHistory: baselineHistory.values)
    }
}
