/// The governance core: applies samples, events and decisions in event-time
/// order and says what it concludes (alerts, proposals, escalations).
///
/// Pure and deterministic: no clock, no I/O, no hashing-order dependence.
/// Every container that is iterated to produce output is an array kept in
/// arrival order; dictionaries only index into those arrays.
public struct Governor: Sendable {
    public let policy: Policy
    private var signalsByMetric: [String: [Int]] = [:]
    private var units: [DetectorUnit] = []
    private var unitIndex: [UnitKey: Int] = [:]
    private var flags: [FlagState] = []
    private var flagIndex: [String: Int] = [:]
    private var deploys: [(time: EventTime, group: String, event: DeployEvent)] = []
    /// Every proposal so far, in order (read by the app without a snapshot).
    public private(set) var proposals: [Proposal] = []
    private var proposalIndex: [String: Int] = [:]
    private var timeline: [TimelineEntry] = []
    /// The latest event time seen: the core's only "now".
    public private(set) var now: EventTime?
    private var samplesApplied = 0
    private var eventsApplied = 0
    private var lastStalenessCheck: Int64 = .min
    /// Which units the once-a-second check visits, and when.
    private var checks = CheckSchedule()
    /// Tests compare the schedule with the reference: every unit, every second.
    var checksEveryUnit = false
    /// Units the once-a-second check visited (tests assert it stays linear).
    private(set) var unitChecks = 0
    /// The distinct groups judged, up to `groupCap`; past it a new group's
    /// samples are counted, not judged (docs/operations.md, "Limits").
    public let groupCap: Int
    private var groups: Set<String> = []
    /// Groups refused by the cap, by a 64-bit hash of their name (8 bytes each).
    private var groupsRefused: Set<UInt64> = []
    private var recordsOverCap = 0
    public static let defaultGroupCap = 10_000
    private var beliefs = BeliefTracker()
    /// Latest requests per minute by "group|variant" (for blast radius).
    private var traffic: [String: Double] = [:]
    private var trafficKeys: [String] = []
    private var trafficIndex: [String: Int] = [:]
    /// Open addressing over `routeEntries`: slot → entry index, -1 empty.
    private var routeTable: [Int] = Array(repeating: -1, count: 1024)
    private var routeEntries: [RouteEntry] = []
    private var routeSlots: [RouteSlot] = []
    static let routeCacheCapacity = 200_000
    /// Counts the times the route cache was emptied (route indices held
    /// across calls are stale after it changes).
    private var routeGeneration = 0

    /// A unit index (≥ 0) and which side of a comparison the series feeds,
    /// or a traffic-table index encoded as -(index + 1).
    private struct RouteSlot: Sendable { var unit: Int; var canarySide: Bool }
    private struct RouteEntry: Sendable {
        var labels: Labels; var metric: String; var key: Int; var first: Int; var count: Int
        /// Its group is beyond `groupCap`: its samples are only counted.
        var overCap = false
    }

    public static let timelineCapacity = 500
    /// The operator name recorded for decisions the policy makes by itself.
    public static let autoOperator = "policy:auto_after"

    public init(policy: Policy, groupCap: Int = Governor.defaultGroupCap) {
        self.policy = policy
        self.groupCap = max(1, groupCap)
        for (i, s) in policy.signals.enumerated() {
            signalsByMetric[s.metric, default: []].append(i)
            if case .anomaly(let a) = s.detector, let c = a.countMetric, c != s.metric {
                signalsByMetric[c, default: []].append(i)
            }
        }
    }

    // MARK: Input

    /// Applies one record; returns what the core concluded from it.
    public mutating func apply(_ record: Record) -> [CoreOutput] {
        var out: [CoreOutput] = []
        advanceClock(to: record.time, into: &out)
        switch record {
        case .sample(let s): applySample(s, into: &out)
        case .event(let e): applyEvent(e, into: &out)
        }
        return out
    }

    /// Applies a batch's records in order; returns what the core concluded,
    /// in order: the same as `apply` on each record, record by record. A
    /// series' route is looked up once per batch, not once per sample.
    public mutating func apply(_ batch: RecordBatch) -> [CoreOutput] {
        var out: [CoreOutput] = []
        var routes = Array(repeating: -1, count: batch.series.count)
        for i in batch.indices {
            switch batch.entry(i) {
            case .sample(let time, let value, let s):
                advanceClock(to: time, into: &out)
                samplesApplied += 1
                guard value.isFinite else { continue }
                if routes[s] < 0 {
                    let generation = routeGeneration
                    let entry = routeEntry(metric: batch.series[s].metric, labels: batch.series[s].labels)
                    // The route cache was emptied to make room: earlier answers are stale.
                    if generation != routeGeneration { for j in routes.indices { routes[j] = -1 } }
                    routes[s] = entry
                }
                follow(route: routes[s], time: time, value: value, into: &out)
            case .record(let r):
                let generation = routeGeneration
                out += apply(r)
                if generation != routeGeneration { for j in routes.indices { routes[j] = -1 } }
            }
        }
        return out
    }

    /// Moves event time forward without data (replay ticks, staleness).
    public mutating func advance(to time: EventTime) -> [CoreOutput] {
        var out: [CoreOutput] = []
        advanceClock(to: time, into: &out)
        return out
    }

    public mutating func apply(_ decision: Decision) -> [CoreOutput] {
        var out: [CoreOutput] = []
        advanceClock(to: decision.time, into: &out)
        guard let i = proposalIndex[decision.proposalID] else { return out }
        switch decision.verdict {
        case .confirmed: proposals[i].status = .confirmed
        case .rejected: proposals[i].status = .rejected
        case .snoozed: proposals[i].status = .snoozed
        case .autoExecuted: proposals[i].status = .confirmed
        }
        proposals[i].autoExecuteAt = nil
        proposals[i].decidedBy = decision.operatorName
        proposals[i].decidedAt = decision.time
        note(decision.time, .decision,
             "\(decision.proposalID) \(decision.verdict.rawValue) by \(decision.operatorName)")
        return out
    }

    public mutating func apply(_ outcome: ActionOutcome) {
        guard let i = proposalIndex[outcome.proposalID] else { return }
        proposals[i].status = outcome.succeeded ? .executed : .failed
        proposals[i].outcome = outcome.detail
        proposals[i].outcomeAt = outcome.time
        note(outcome.time, .outcome, "\(outcome.proposalID) \(outcome.succeeded ? "done" : "FAILED"): \(outcome.detail)")
        if outcome.succeeded { applyIntentToFlags(proposals[i].action, at: outcome.time) }
    }

    // MARK: Output

    public func proposal(_ id: String) -> Proposal? {
        proposalIndex[id].map { proposals[$0] }
    }

    public func snapshot() -> CoreSnapshot {
        var signals = units.map { $0.state(spec: policy.signals[$0.key.signal]) }
        signals.sort { a, b in
            if a.family != b.family { return familyOrder(a.family) < familyOrder(b.family) }
            if a.signal != b.signal { return a.signal < b.signal }
            if a.group != b.group { return a.group < b.group }
            return a.scope < b.scope
        }
        return CoreSnapshot(eventTime: now, signals: signals, flags: flags, proposals: proposals,
                            timeline: timeline, samplesApplied: samplesApplied,
                            eventsApplied: eventsApplied, groupCap: groupCap,
                            groupsOverCap: groupsRefused.count, recordsOverCap: recordsOverCap)
    }

    // MARK: Samples

    private mutating func applySample(_ s: Sample, into out: inout [CoreOutput]) {
        samplesApplied += 1
        guard s.value.isFinite else { return }
        follow(route: routeEntry(metric: s.metric, labels: s.labels), time: s.time, value: s.value, into: &out)
    }

    /// Hands a finite sample to the detector units (and traffic table) of its route.
    @inline(__always)
    private mutating func follow(route entry: Int, time: EventTime, value: Double, into out: inout [CoreOutput]) {
        let (first, count) = (routeEntries[entry].first, routeEntries[entry].count)
        if routeEntries[entry].overCap { recordsOverCap += 1 }
        for i in first..<(first + count) {
            let r = routeSlots[i]
            if r.unit < 0 {
                traffic[trafficKeys[-r.unit - 1]] = value
                continue
            }
            let verdict = units[r.unit].observe(time, value, canarySide: r.canarySide)
            if units[r.unit].needsSchedule { reschedule(r.unit) }
            if verdict != .none { handle(verdict, unit: r.unit, at: time, into: &out) }
        }
    }

    /// Where a series' samples go: the detector units watching it (and the
    /// traffic table). Worked out once per series and cached: the label set
    /// indexes a chain of entries, one per metric, whose names are compared
    /// in place (interned names compare by identity). Routes are plain
    /// integers, so following them costs no reference counting.
    private mutating func routeEntry(metric: String, labels: Labels) -> Int {
        // The label set's hash is computed when it is built; mix in the
        // metric's length and first bytes (no string hashing), then probe.
        var prefix: UInt64 = 0
        let metricBytes = metric.utf8.count
        var m = metric
        m.withUTF8 { b in for i in 0..<min(8, b.count) { prefix |= UInt64(b[i]) << (8 * UInt64(i)) } }
        let key = (labels.cachedHash &* 31 &+ metricBytes) ^ Int(truncatingIfNeeded: prefix &* 0x9E37_79B9_7F4A_7C15)
        let mask = routeTable.count - 1
        var slot = Self.routeSlot(key, mask)
        while routeTable[slot] >= 0 {
            let e = routeTable[slot]
            if routeEntries[e].key == key && routeEntries[e].metric == metric && routeEntries[e].labels == labels { return e }
            slot = (slot + 1) & mask
        }
        if routeEntries.count >= Self.routeCacheCapacity {
            // Bounded: a flood of distinct label sets cannot grow the cache forever.
            emptyRouteCache()
        }
        let first = routeSlots.count
        var comparisonAppeared = false
        let group = labels[policy.groupBy] ?? "default"
        let overCap = !admits(group: group)
        if overCap {
            // No units and no traffic: the series is counted, not judged.
        } else if metric == policy.trafficMetric {
            let key = group + "|" + (labels["variant"] ?? "all")
            let ti: Int
            if let existing = trafficIndex[key] { ti = existing } else {
                ti = trafficKeys.count
                trafficIndex[key] = ti
                trafficKeys.append(key)
            }
            routeSlots.append(RouteSlot(unit: -ti - 1, canarySide: false))
        }
        for si in overCap ? [] : signalsByMetric[metric] ?? [] {
            let spec = policy.signals[si]
            guard spec.match.allSatisfy({ labels[$0.name] == $0.value }) else { continue }
            var scope = labels["variant"] ?? "all"
            var isCanarySide = false
            switch spec.detector {
            case .canary(let c):
                scope = "canary vs baseline"
                isCanarySide = labels[c.variantLabel] == c.canaryValue
            case .psi(let p) where p.comparison == .canaryVsBaseline:
                scope = "canary vs baseline"
                isCanarySide = labels[p.variantLabel] == p.canaryValue
            case .anomaly: isCanarySide = metric != spec.metric  // its request count
            case .cusum(let c) where c.reference == .auto:
                // The canary is judged against its baseline: baseline series
                // also feed the canary's unit, once it exists.
                if labels[c.variantLabel] == c.canaryValue {
                    scope = c.canaryValue
                    isCanarySide = true
                    comparisonAppeared = comparisonAppeared || unitIndex[UnitKey(signal: si, group: group, scope: scope)] == nil
                } else if let ci = unitIndex[UnitKey(signal: si, group: group, scope: c.canaryValue)] {
                    routeSlots.append(RouteSlot(unit: ci, canarySide: false))
                }
            case .belief: continue
            case .beforeAfter:
                // One series before and after: the variant label changes with the switch.
                scope = "before vs after"
            default: break
            }
            let ui = unit(for: UnitKey(signal: si, group: group, scope: scope), spec: spec)
            routeSlots.append(RouteSlot(unit: ui, canarySide: isCanarySide))
        }
        if comparisonAppeared {
            // Baseline series routed before this canary appeared do not feed
            // it yet: empty the cache so they are routed again.
            emptyRouteCache()
            return routeEntry(metric: metric, labels: labels)
        }
        let index = routeEntries.count
        routeEntries.append(RouteEntry(labels: labels, metric: metric, key: key, first: first,
                                       count: routeSlots.count - first, overCap: overCap))
        if routeEntries.count * 2 > routeTable.count {
            // Keep the table at most half full: double it and re-insert.
            routeTable = Array(repeating: -1, count: routeTable.count * 2)
            let mask = routeTable.count - 1
            for (i, e) in routeEntries.enumerated() {
                var j = Self.routeSlot(e.key, mask)
                while routeTable[j] >= 0 { j = (j + 1) & mask }
                routeTable[j] = i
            }
        } else {
            var j = slot
            while routeTable[j] >= 0 { j = (j + 1) & mask }
            routeTable[j] = index
        }
        return index
    }

    private mutating func emptyRouteCache() {
        for i in routeTable.indices { routeTable[i] = -1 }
        routeEntries.removeAll(keepingCapacity: true)
        routeSlots.removeAll(keepingCapacity: true)
        routeGeneration &+= 1
    }

    /// Where a route key's probe starts in a table of `mask + 1` slots.
    @inline(__always) private static func routeSlot(_ key: Int, _ mask: Int) -> Int {
        Int(UInt(bitPattern: key &* 0x2545_F491) >> 7) & mask
    }

    /// Whether a group is judged: known, or new while fewer than `groupCap`
    /// are. A refused group is remembered by a deterministic hash (FNV-1a),
    /// so the count of refused groups is the same on every run.
    private mutating func admits(group: String) -> Bool {
        if groups.contains(group) { return true }
        if groups.count < groupCap {
            groups.insert(group)
            return true
        }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in group.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        groupsRefused.insert(h)
        return false
    }

    private mutating func unit(for key: UnitKey, spec: SignalSpec) -> Int {
        if let existing = unitIndex[key] { return existing }
        units.append(DetectorUnit(key: key, spec: spec))
        unitIndex[key] = units.count - 1
        return units.count - 1
    }

    private mutating func handle(_ verdict: DetectorUnit.Transition, unit ui: Int, at t: EventTime,
                                 into out: inout [CoreOutput]) {
        let u = units[ui]
        let spec = policy.signals[u.key.signal]
        switch verdict {
        case .none: return
        case .recovered:
            out.append(.recovered(signal: spec.name, group: u.key.group, scope: u.key.scope, at: t))
            note(t, .recovery, "\(spec.name) recovered (\(u.key.group), \(u.key.scope))")
            for i in proposals.indices where proposals[i].group == u.key.group && proposals[i].status == .executed
                && proposals[i].evidence.contains(where: { $0.signal == spec.name }) {
                proposals[i].verification = "worked: \(spec.name) recovered at \(t.clock)"
                proposals[i].worked = true
            }
        case .failed:
            let detail = u.statistic
            out.append(.alert(signal: spec.name, group: u.key.group, scope: u.key.scope, at: t, detail: detail))
            note(t, .alert, "\(spec.name) failing (\(u.key.group), \(u.key.scope)): \(detail)")
            guard mayPropose(signal: spec, group: u.key.group) else { return }
            if let p = propose(for: ui, at: t) {
                out.append(.proposal(p))
                // Belief drift pages a person at once: restriction contains the
                // agent, but only a person can correct what it believes.
                if p.escalatesAt == p.createdAt, let i = proposalIndex[p.id] {
                    proposals[i].status = .escalated
                    note(t, .decision, "\(p.id) escalated at once (\(p.failureMode.rawValue))")
                    out.append(.escalation(proposalID: p.id, at: t))
                }
            }
        }
    }

    // MARK: Events

    private mutating func applyEvent(_ e: Event, into out: inout [CoreOutput]) {
        eventsApplied += 1
        switch e.kind {
        case .deploy(let d):
            let group = e.labels[policy.groupBy]
                ?? policy.flags.first(where: { $0.name == d.flag })?.deployment
                ?? d.flag.split(separator: ".").first.map(String.init) ?? d.flag
            deploys.append((e.time, group, d))
            if deploys.count > 256 { deploys.removeFirst(deploys.count - 256) }
            let partial = (d.weight ?? 100) < 100
            if !partial {
                // All traffic moved: before/after units compare from here.
                for i in units.indices where units[i].key.group == group { units[i].fullSwitch(at: e.time) }
            }
            let previous = flagIndex[d.flag].map { flags[$0] }
            let state = FlagState(
                flag: d.flag, group: group,
                primary: partial ? (d.from ?? previous?.primary ?? d.to) : d.to,
                canary: partial ? d.to : nil,
                canaryPercent: partial ? (d.weight ?? 0) : 0,
                changedAt: e.time)
            if let i = flagIndex[d.flag] { flags[i] = state } else {
                flagIndex[d.flag] = flags.count
                flags.append(state)
            }
            let w = d.weight.map { " at \(formatNumber($0))%" } ?? ""
            note(e.time, .deploy, "\(d.flag): \(d.from ?? "∅") → \(d.to)\(w)")
        case .belief(let b):
            let contradiction = beliefs.observe(belief: b, at: e.time)
            let text = contradiction.map {
                "\(b.agent) acts\(b.action.map { " (\($0))" } ?? "") on \(b.key)=\(b.believed), but it is \($0.truth) since \($0.since.clock)"
            }
            if let text { note(e.time, .belief, text) }
            let group = e.labels[policy.groupBy] ?? b.agent
            let judged = policy.signals.contains { if case .belief = $0.detector { return true } else { return false } }
            if judged && !admits(group: group) {
                recordsOverCap += 1
                return
            }
            for (si, spec) in policy.signals.enumerated() {
                guard case .belief = spec.detector,
                      spec.match.allSatisfy({ e.labels[$0.name] == $0.value }) else { continue }
                let ui = unit(for: UnitKey(signal: si, group: group, scope: "\(b.agent): \(b.key)"), spec: spec)
                let verdict = units[ui].observeBelief(e.time, contradiction: text, believed: b.believed)
                if units[ui].needsSchedule { reschedule(ui) }
                handle(verdict, unit: ui, at: e.time, into: &out)
            }
        case .state(let s):
            beliefs.observe(state: s, at: e.time)
        case .other(let name):
            note(e.time, .deploy, "event \(name)")
        }
    }

    // MARK: Judgment

    /// Chooses and ranks graduated responses for a failing unit.
    private mutating func propose(for ui: Int, at t: EventTime, noData: Bool = false) -> Proposal? {
        let u = units[ui]
        let spec = policy.signals[u.key.signal]
        let recent = recentDeploy(in: u.key.group, at: t)
        let evidence = u.evidence(spec: spec, at: t, deploy: recent.map(describe))

        // One open proposal per deployment: further failing signals add
        // evidence. Escalated and snoozed proposals are still unanswered.
        if let open = proposals.lastIndex(where: { $0.group == u.key.group && $0.status.isOpen }) {
            if !proposals[open].evidence.contains(where: { $0.signal == evidence.signal }) {
                // A critical signal's evidence leads: it is what a person should read first.
                let leadIsCritical = policy.signals.first { $0.name == proposals[open].evidence.first?.signal }?.critical ?? false
                if spec.critical && !leadIsCritical {
                    proposals[open].evidence.insert(evidence, at: 0)
                } else {
                    proposals[open].evidence.append(evidence)
                }
            }
            return nil
        }
        let situation = Situation(
            family: spec.family, isBelief: spec.detector == .belief, noData: noData,
            group: u.key.group, scope: u.key.scope,
            deploy: recent.map { ($0.event, flagIndex[$0.event.flag].map { flags[$0] }, role(of: $0.event.flag)) },
            flagsInGroup: policy.flags.filter { ($0.deployment ?? u.key.group) == u.key.group },
            flagStates: flags.filter { $0.group == u.key.group },
            recentChange: policy.recentChange)
        let ranking = GradedResponse.rank(situation)
        guard let first = ranking.ranked.first else { return nil }
        // The same action already in force since the last change: proposing it
        // again changes nothing. Record that it has not (yet) worked instead.
        let since = recent?.time ?? EventTime(milliseconds: .min)
        if let done = proposals.lastIndex(where: {
            $0.group == u.key.group && $0.status == .executed && $0.action == first.action && $0.createdAt >= since
        }) {
            let text = "\(spec.name) still failing at \(t.clock) with \(proposals[done].id)'s action in force"
            if proposals[done].verification != text {
                proposals[done].verification = text
                proposals[done].worked = false
                note(t, .alert, text)
            }
            return nil
        }
        var p = Proposal(
            id: "P\(proposals.count + 1)", createdAt: t, group: u.key.group, signal: spec.name,
            failureMode: ranking.mode, action: first.action,
            evidence: [evidence], alternatives: Array(ranking.ranked.dropFirst()) + ranking.excluded,
            blastRadius: ranking.blastRadius,
            status: .pending, decidedBy: nil, decidedAt: nil, outcome: nil)
        p.blastRadius.requestsPerMinute = requestsPerMinute(group: u.key.group, scope: u.key.scope)
        p.rationale = first.reason
        p.notes = ranking.notes
        if let countdown = policy.autoAfter[spec.name], ranking.mode == .infrastructure, recent != nil,
           first.action.kind != .escalate {
            p.autoExecuteAt = t.adding(countdown)
        }
        if ranking.mode == .agentBeliefDrift {
            p.escalatesAt = t
        } else if let after = policy.escalateAfter {
            p.escalatesAt = t.adding(after)
        }
        proposalIndex[p.id] = proposals.count
        proposals.append(p)
        note(t, .proposal, "\(p.id) proposed: \(p.title) (\(ranking.mode.rawValue))")
        return p
    }

    /// With composite rules, a failure proposes only when its signal is
    /// critical or completes a rule naming it (docs/policy.md).
    private func mayPropose(signal spec: SignalSpec, group: String) -> Bool {
        if policy.rules.isEmpty || spec.critical { return true }
        let failing = Set(units.filter { $0.key.group == group && $0.status == .failing }
            .map { policy.signals[$0.key.signal].name })
        return policy.rules.contains { rule in
            guard rule.signals.contains(spec.name) else { return false }
            switch rule.combinator {
            case .all: return rule.signals.allSatisfy(failing.contains)
            case .any: return rule.signals.contains(where: failing.contains)
            }
        }
    }

    /// Requests per minute on the affected scope: the canary's for canary
    /// comparisons, the variant's for per-variant signals, else the group's sum.
    private func requestsPerMinute(group: String, scope: String) -> Double? {
        let variant = scope.hasPrefix("canary vs") ? "canary" : scope
        if let v = traffic[group + "|" + variant] { return v }
        let all = traffic.filter { $0.key.hasPrefix(group + "|") }.map(\.value)
        return all.isEmpty ? nil : all.reduce(0, +)
    }

    private func role(of flag: String) -> FlagRole {
        policy.flags.first { $0.name == flag }?.role ?? .model
    }

    private func recentDeploy(in group: String, at t: EventTime)
        -> (time: EventTime, group: String, event: DeployEvent)? {
        deploys.last { $0.group == group && t.since($0.time) <= policy.recentChange && $0.time <= t }
    }

    private func describe(_ d: (time: EventTime, group: String, event: DeployEvent)) -> String {
        "\(d.event.flag) \(d.event.from ?? "∅")→\(d.event.to) at \(d.time.clock)"
    }

    private mutating func applyIntentToFlags(_ a: ActionIntent, at t: EventTime) {
        guard let f = a.flag, let i = flagIndex[f] else { return }
        switch a.kind {
        case .trafficShift:
            if let top = a.weights.max(by: { $0.percent < $1.percent }) { flags[i].primary = top.variant }
            let others = a.weights.filter { $0.variant != flags[i].primary }
            let c = others.first { $0.percent > 0 }
            flags[i].canary = c?.variant
            flags[i].canaryPercent = c?.percent ?? 0
        case .rollback, .degrade:
            if let v = a.variant { flags[i].primary = v }
            flags[i].canary = nil
            flags[i].canaryPercent = 0
        case .restrict, .escalate: return
        }
        flags[i].changedAt = t
    }

    // MARK: Time

    private mutating func advanceClock(to t: EventTime, into out: inout [CoreOutput]) {
        if let n = now, t <= n { return }
        now = t
        // Staleness, countdowns and escalation are judged once per event-time second.
        let second = t.milliseconds / 1000
        guard second != lastStalenessCheck else { return }
        lastStalenessCheck = second
        // Only the units whose check can change something now (the others'
        // checks would do nothing), in unit order as before.
        for i in checksEveryUnit ? Array(units.indices) : checks.takeDue(at: t.milliseconds) {
            unitChecks += 1
            let spec = policy.signals[units[i].key.signal]
            if units[i].checkInconclusive(at: t, spec: spec) {
                raiseSilence(unit: i, at: t, what: "inconclusive", policy: spec.inconclusive, into: &out)
            }
            if units[i].checkStaleness(at: t, spec: spec) {
                raiseSilence(unit: i, at: t, what: "has no data", policy: spec.noData, into: &out)
            }
            units[i].needsSchedule = false
            checks.schedule(i, at: max(units[i].nextCheck(spec: spec), t.milliseconds + 1))
        }
        for i in proposals.indices where proposals[i].status == .executed && proposals[i].worked == nil {
            let delay = verificationDelay(i)
            if let done = proposals[i].outcomeAt, t.since(done) >= delay { verify(i, at: t, after: delay) }
        }
        for i in proposals.indices where proposals[i].status == .pending {
            if let due = proposals[i].autoExecuteAt, t >= due {
                // The policy decides at the countdown's event time, so replays
                // agree on when; the app records it and runs the action.
                proposals[i].autoExecuteAt = nil
                proposals[i].status = .confirmed
                proposals[i].decidedBy = Self.autoOperator
                proposals[i].decidedAt = t
                note(t, .decision, "\(proposals[i].id) auto-executed after its countdown")
                out.append(.autoExecute(proposalID: proposals[i].id, at: t))
            } else if let due = proposals[i].escalatesAt, t >= due {
                proposals[i].status = .escalated
                note(t, .decision, "\(proposals[i].id) unanswered for \(due.since(proposals[i].createdAt)): escalated")
                out.append(.escalation(proposalID: proposals[i].id, at: t))
            }
        }
    }

    /// Puts a unit whose next check may have come earlier back on the schedule.
    private mutating func reschedule(_ i: Int) {
        units[i].needsSchedule = false
        checks.schedule(i, at: units[i].nextCheck(spec: policy.signals[units[i].key.signal]))
    }

    /// An action is judged `verifyAfter` after it, but never before the
    /// windows of the signals that caused it have drained of older samples.
    private func verificationDelay(_ i: Int) -> Duration {
        let names = Set(proposals[i].evidence.map(\.signal))
        var longest = policy.verifyAfter
        for s in policy.signals where names.contains(s.name) {
            let window: Duration
            switch s.detector {
            case .canary(let c): window = c.window
            case .psi(let p): window = p.window
            case .beforeAfter(let b): window = b.window
            case .threshold(let th): window = th.sustain
            case .cusum, .belief, .anomaly: window = .zero
            }
            longest = max(longest, window.adding(.minutes(1)))
        }
        return longest
    }

    /// After the verification delay: did the signals that caused it recover?
    /// Still failing means the action did not work (after a shift to 0%,
    /// samples still arriving from the canary also mean the change did not
    /// take effect); silence on the affected scope means exposure stopped.
    private mutating func verify(_ i: Int, at t: EventTime, after: Duration) {
        let signals = Set(proposals[i].evidence.map(\.signal))
        let affected = units.filter { $0.key.group == proposals[i].group && signals.contains(policy.signals[$0.key.signal].name) }
        if let still = affected.first(where: { $0.status == .failing }) {
            let name = policy.signals[still.key.signal].name
            proposals[i].worked = false
            proposals[i].verification = "\(name) still failing \(after) after the action (\(still.key.scope))"
        } else if affected.contains(where: { $0.status == .noData }) {
            proposals[i].worked = true
            proposals[i].verification = "worked: no more samples on the affected scope \(after) after the action"
        } else {
            proposals[i].worked = true
            proposals[i].verification = "worked: \(signals.sorted().joined(separator: ", ")) within bounds \(after) after the action"
        }
        note(t, .outcome, "\(proposals[i].id) \(proposals[i].verification ?? "")")
    }

    /// A unit that cannot judge (no data, or inconclusive for too long) does
    /// what its policy says: hold shows it, escalate and fail propose.
    private mutating func raiseSilence(unit i: Int, at t: EventTime, what: String, policy choice: NoDataPolicy,
                                       into out: inout [CoreOutput]) {
        let spec = policy.signals[units[i].key.signal]
        let (group, scope) = (units[i].key.group, units[i].key.scope)
        note(t, .alert, "\(spec.name) \(what) (\(group), \(scope)); policy: \(choice.rawValue)")
        guard choice != .hold else { return }
        out.append(.alert(signal: spec.name, group: group, scope: scope, at: t, detail: units[i].statistic))
        if mayPropose(signal: spec, group: group), let p = propose(for: i, at: t, noData: choice == .escalate) {
            out.append(.proposal(p))
        }
    }

    private mutating func note(_ t: EventTime, _ kind: TimelineKind, _ text: String) {
        timeline.append(TimelineEntry(time: t, kind: kind, text: text))
        if timeline.count > Self.timelineCapacity { timeline.removeFirst(timeline.count - Self.timelineCapacity) }
    }
}

private func familyOrder(_ f: SignalFamily) -> Int {
    SignalFamily.allCases.firstIndex(of: f) ?? 0
}

struct UnitKey: Hashable, Sendable {
    var signal: Int
    var group: String
    var scope: String
}

/// Formats a number compactly and deterministically for evidence strings.
public func formatNumber(_ v: Double, digits: Int = 3) -> String {
    guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "+Inf" : "-Inf") }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (v * scale).rounded() / scale
    if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
    return String(r)
}
