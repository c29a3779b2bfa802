/// The governance core: applies samples, events and decisions in event-time
/// order and says what it concludes (alerts, proposals, escalations).
///
/// A coordinator over pieces that each own one kind of state: the route
/// table (series → units), the detector units, the flag book (deploys and
/// flag states), the traffic table, the proposal book (the proposals'
/// lifecycle) and the bounded timeline.
///
/// Pure and deterministic: no clock, no I/O, no hashing-order dependence.
/// Every container that is iterated to produce output is an array kept in
/// arrival order; dictionaries only index into those arrays.
public struct Governor: Sendable {
    public let policy: Policy
    private var signalsByMetric: [String: [Int]] = [:]
    private var units: [DetectorUnit] = []
    /// The units' detectors, by kind.
    private var detectors = DetectorStore()
    private var unitIndex: [UnitKey: Int] = [:]
    private var routes = RouteTable()
    /// The values units are fed, kept once for units fed the same samples.
    private var feeds = FeedTable()
    private var flags = FlagBook()
    private var traffic = TrafficTable()
    private var book: ProposalBook
    /// Where each proposal stands on the escalation ladder.
    private var escalations = EscalationTracker()
    private var timeline = Timeline()
    private var beliefs = BeliefTracker()
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

    static let routeCacheCapacity = RouteTable.capacity
    public static let timelineCapacity = Timeline.capacity
    /// The operator name recorded for decisions the policy makes by itself.
    public static let autoOperator = ProposalBook.autoOperator

    /// Every proposal so far, in order (read by the app without a snapshot).
    public var proposals: [Proposal] { book.all }

    /// `firstProposalNumber`: the number of the first proposal (`P<n>`), for
    /// a run that continues a ledger whose proposals must not be named again.
    /// `unverified`: actions that run executed and did not judge; this run
    /// finds their verdicts (`CoreOutput.verification`) as its own.
    public init(policy: Policy, groupCap: Int = Governor.defaultGroupCap, firstProposalNumber: Int = 1,
                unverified: [UnverifiedAction] = []) {
        self.policy = policy
        self.groupCap = max(1, groupCap)
        book = ProposalBook(policy: policy, firstNumber: firstProposalNumber, unverified: unverified)
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
        apply(batch, from: batch.startIndex).outputs
    }

    /// Where a run over a batch hands control back before its end, so that
    /// the caller can act between two records as it would between two calls
    /// of `apply(_ record:)`.
    public struct BatchStops: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// After the record whose outputs include an `auto_after` execution:
        /// a backtest records the action's outcome before the next record.
        public static let afterAutoExecute = BatchStops(rawValue: 1)
        /// After the first record with any output: a replay's desk acts on
        /// each output before the next record.
        public static let afterOutput = BatchStops(rawValue: 2)
        /// Before an event that is not the run's first record: a replay
        /// applies a recorded deploy to its flag file before the core sees it.
        public static let beforeEvent = BatchStops(rawValue: 4)
    }

    /// Applies a batch's records from index `start` up to `end` (the batch's
    /// end when nil), stopping early as `stops` says; `next` is the index to
    /// go on from. With a `limit`, stops before the first record at or after
    /// it (a scripted decision goes there). The outputs are those of the
    /// records applied, in order.
    public mutating func apply(_ batch: RecordBatch, from start: Int, upTo end: Int? = nil,
                               before limit: EventTime? = nil,
                               stops: BatchStops = []) -> (outputs: [CoreOutput], next: Int) {
        var out: [CoreOutput] = []
        var entries = Array(repeating: -1, count: batch.series.count)
        let end = end ?? batch.endIndex
        for i in start..<end {
            if let limit, batch.time(at: i) >= limit { return (out, i) }
            let before = out.count
            switch batch.entry(i) {
            case .sample(let time, let value, let s):
                advanceClock(to: time, into: &out)
                samplesApplied += 1
                if value.isFinite {
                    if entries[s] < 0 {
                        let generation = routes.generation
                        let entry = route(metric: batch.series[s].metric, labels: batch.series[s].labels)
                        // The route cache was emptied to make room: earlier answers are stale.
                        if generation != routes.generation { for j in entries.indices { entries[j] = -1 } }
                        entries[s] = entry
                    }
                    follow(route: entries[s], time: time, value: value, into: &out)
                }
            case .record(let r):
                if stops.contains(.beforeEvent), i > start, r.isEvent { return (out, i) }
                let generation = routes.generation
                out += apply(r)
                if generation != routes.generation { for j in entries.indices { entries[j] = -1 } }
            }
            if out.count > before {
                if stops.contains(.afterOutput) { return (out, i + 1) }
                if stops.contains(.afterAutoExecute),
                   out[before...].contains(where: { if case .autoExecute = $0 { return true } else { return false } }) {
                    return (out, i + 1)
                }
            }
        }
        return (out, end)
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
        let rejectedAt = decision.verdict == .undone && book[decision.proposalID]?.status == .rejected
            ? book[decision.proposalID]?.decidedAt : nil
        let lifted = book.decide(decision, timeline: &timeline)
        if let rejectedAt { escalations.reopen(decision.proposalID, rejectedAt: rejectedAt) }
        // What the rejection silenced and still fails joins the reopened proposal.
        if let lifted { proposeAgain(lifted, at: decision.time, into: &out) }
        // Decided: the pages sent are taken back at once, not at the next tick.
        if let p = book[decision.proposalID] { climb(p, at: decision.time, into: &out) }
        return out
    }

    /// Pauses a proposal's escalation (a snooze pauses it by itself); the
    /// paused time is added to every later rung.
    public mutating func pauseEscalation(of id: String, at t: EventTime) {
        guard let p = book[id] else { return }
        escalations.pause(id, openedAt: p.createdAt, at: t)
    }

    public mutating func resumeEscalation(of id: String, at t: EventTime) { escalations.resume(id, at: t) }

    public mutating func apply(_ outcome: ActionOutcome) {
        if let action = book.record(outcome, timeline: &timeline) { flags.apply(action, at: outcome.time) }
    }

    // MARK: Output

    public func proposal(_ id: String) -> Proposal? {
        book[id]
    }

    public func snapshot() -> CoreSnapshot {
        var signals = units.indices.map { i in
            units[i].state(spec: policy.signals[units[i].key.signal],
                           tested: feeds.history(of: FeedTable.slot(unit: i, reference: false)),
                           reference: feeds.history(of: FeedTable.slot(unit: i, reference: true)))
        }
        signals.sort { a, b in
            if a.family != b.family { return familyOrder(a.family) < familyOrder(b.family) }
            if a.signal != b.signal { return a.signal < b.signal }
            if a.group != b.group { return a.group < b.group }
            return a.scope < b.scope
        }
        return CoreSnapshot(eventTime: now, signals: signals, flags: flags.states, proposals: book.all,
                            timeline: timeline.entries, samplesApplied: samplesApplied,
                            eventsApplied: eventsApplied, groupCap: groupCap,
                            groupsOverCap: groupsRefused.count, recordsOverCap: recordsOverCap)
    }

    // MARK: Samples

    private mutating func applySample(_ s: Sample, into out: inout [CoreOutput]) {
        samplesApplied += 1
        guard s.value.isFinite else { return }
        follow(route: route(metric: s.metric, labels: s.labels), time: s.time, value: s.value, into: &out)
    }

    /// Hands a finite sample to the detector units (and traffic table) of its route.
    @inline(__always)
    private mutating func follow(route entry: Int, time: EventTime, value: Double, into out: inout [CoreOutput]) {
        if routes.isOverCap(entry) { recordsOverCap += 1 }
        let range = routes.routeRange(of: entry)
        // The kept values first: every unit judges with the sample in them.
        for i in range {
            guard case .unit(let u, _, let feed) = routes.route(at: i) else { continue }
            if feed >= 0 { feeds.add(time, value, slot: feed) }
            feeds.add(time, value, slot: FeedTable.arrivals(unit: u))
        }
        for i in range {
            switch routes.route(at: i) {
            case .traffic(let slot):
                traffic.record(value, slot: slot)
            case .unit(let u, let canarySide, _):
                if !units[u].knowsRhythm && feeds.hasInterval(of: FeedTable.arrivals(unit: u)) { units[u].learnedRhythm() }
                let verdict = units[u].observe(time, value, canarySide: canarySide, detectors: &detectors)
                if units[u].needsSchedule { reschedule(u) }
                if verdict != .none { handle(verdict, unit: u, at: time, into: &out) }
            }
        }
    }

    /// The route table's entry for a series, worked out on its first sample:
    /// which signals' `match` labels fit, and so which units it feeds.
    private mutating func route(metric: String, labels: Labels) -> Int {
        if let cached = routes.find(metric: metric, labels: labels) { return cached }
        var found: [RouteTable.Route] = []
        var comparisonAppeared = false
        let group = labels[policy.groupBy] ?? "default"
        let overCap = !admits(group: group)
        if overCap {
            // No units and no traffic: the series is counted, not judged.
        } else if metric == policy.trafficMetric {
            found.append(.traffic(traffic.slot(TrafficTable.Key(group: group, variant: labels["variant"]))))
        }
        for si in overCap ? [] : signalsByMetric[metric] ?? [] {
            let spec = policy.signals[si]
            guard spec.match.allSatisfy({ labels[$0.name] == $0.value }) else { continue }
            var scope = labels["variant"].map(Scope.variant) ?? .all
            var isCanarySide = false
            switch spec.detector {
            case .canary(let c):
                scope = .canaryVsBaseline
                isCanarySide = labels[c.variantLabel] == c.canaryValue
            case .psi(let p) where p.comparison == .canaryVsBaseline:
                scope = .canaryVsBaseline
                isCanarySide = labels[p.variantLabel] == p.canaryValue
            case .anomaly: isCanarySide = metric != spec.metric  // its request count
            case .cusum(let c) where c.reference == .auto:
                // The canary is judged against its baseline: baseline series
                // also feed the canary's unit, once it exists.
                if labels[c.variantLabel] == c.canaryValue {
                    scope = .variant(c.canaryValue)
                    isCanarySide = true
                    comparisonAppeared = comparisonAppeared
                        || unitIndex[UnitKey(signal: si, group: group, scope: scope)] == nil
                } else if let ci = unitIndex[UnitKey(signal: si, group: group, scope: .variant(c.canaryValue))] {
                    found.append(unitRoute(ci, canarySide: false))
                }
            case .belief: continue
            case .beforeAfter:
                // One series before and after: the variant label changes with the switch.
                scope = .beforeVsAfter
            default: break
            }
            // Made first: `unitRoute` reads the unit.
            let u = unit(for: UnitKey(signal: si, group: group, scope: scope), spec: spec)
            found.append(unitRoute(u, canarySide: isCanarySide))
        }
        if comparisonAppeared {
            // Baseline series routed before this canary appeared do not feed
            // it yet: empty the cache so they are routed again.
            routes.removeAll()
            return route(metric: metric, labels: labels)
        }
        feeds.regroup(found.flatMap { route -> [FeedTable.Slot] in
            guard case .unit(let u, _, let feed) = route else { return [] }
            return feed >= 0 ? [feed, FeedTable.arrivals(unit: u)] : [FeedTable.arrivals(unit: u)]
        })
        return routes.insert(metric: metric, labels: labels, routes: found, overCap: overCap)
    }

    /// A route to unit `u`, with the slot of the kept values the side feeds.
    private func unitRoute(_ u: Int, canarySide: Bool) -> RouteTable.Route {
        let feed = units[u].role(canarySide: canarySide).map { FeedTable.slot(unit: u, reference: $0 == .reference) }
        return .unit(u, canarySide: canarySide, feed: feed ?? -1)
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
        let u = DetectorUnit(key: key, spec: spec, detectors: &detectors)
        let i = units.count
        units.append(u)
        unitIndex[key] = i
        // A unit fed samples (every kind but a belief) keeps what it tests
        // and their rhythm; a comparison also its reference.
        let isFed = u.role(canarySide: false) != nil || u.role(canarySide: true) != nil
        if isFed { feeds.open(FeedTable.slot(unit: i, reference: false), keepsHistory: u.showsTested) }
        if u.hasReference { feeds.open(FeedTable.slot(unit: i, reference: true), keepsHistory: true) }
        if isFed { feeds.open(FeedTable.arrivals(unit: i), keepsHistory: false) }
        return i
    }

    private mutating func handle(_ verdict: DetectorUnit.Transition, unit ui: Int, at t: EventTime,
                                 into out: inout [CoreOutput]) {
        let u = units[ui]
        let spec = policy.signals[u.key.signal]
        switch verdict {
        case .none: return
        case .recovered:
            out.append(.recovered(signal: spec.name, group: u.key.group, scope: u.key.scope, at: t))
            timeline.note(t, .recovery, .recovered(signal: spec.name, group: u.key.group, scope: u.key.scope))
            book.recordRecovery(of: spec.name, group: u.key.group, at: t, into: &out)
            quietLadders(group: u.key.group, at: t, into: &out)
        case .failed:
            let detail = u.statistic
            out.append(.alert(signal: spec.name, group: u.key.group, scope: u.key.scope, at: t, detail: detail))
            timeline.note(t, .alert, .failing(signal: spec.name, group: u.key.group, scope: u.key.scope, statistic: detail))
            guard mayPropose(signal: spec, group: u.key.group) else { return }
            rearmLadders(group: u.key.group, at: t)
            if let p = propose(for: ui, at: t, into: &out) {
                out.append(.proposal(p))
                if book.escalateAtOnce(p, at: t, timeline: &timeline) {
                    out.append(.escalation(escalations.pagedAtOnce(p, ladder: policy.escalation, at: t)))
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
            flags.record(d, group: group, at: e.time)
            // Canary comparisons accumulate from the latest change; before/after
            // units compare from a change that moved all traffic.
            let full = (d.weight ?? 100) >= 100
            for u in units where u.key.group == group { u.deployed(at: e.time, fullSwitch: full, detectors: &detectors) }
            timeline.note(e.time, .deploy, .deploy(d))
        case .belief(let b):
            let contradiction = beliefs.observe(belief: b, at: e.time)
            let fact = contradiction.map {
                BeliefContradiction(agent: b.agent, action: b.action, key: b.key, believed: b.believed,
                                    truth: $0.truth, since: $0.since)
            }
            if let fact { timeline.note(e.time, .belief, .beliefContradicted(fact)) }
            let group = e.labels[policy.groupBy] ?? b.agent
            let judged = policy.signals.contains { if case .belief = $0.detector { return true } else { return false } }
            if judged && !admits(group: group) {
                recordsOverCap += 1
                return
            }
            for (si, spec) in policy.signals.enumerated() {
                guard case .belief = spec.detector,
                      spec.match.allSatisfy({ e.labels[$0.name] == $0.value }) else { continue }
                let ui = unit(for: UnitKey(signal: si, group: group, scope: .belief(agent: b.agent, key: b.key)), spec: spec)
                let verdict = units[ui].observeBelief(e.time, contradiction: fact, believed: b.believed)
                if units[ui].needsSchedule { reschedule(ui) }
                handle(verdict, unit: ui, at: e.time, into: &out)
            }
        case .state(let s):
            beliefs.observe(state: s, at: e.time)
        case .other(let name):
            timeline.note(e.time, .deploy, .otherEvent(name: name))
        }
    }

    // MARK: Judgment

    /// Chooses and ranks graduated responses for a failing unit, or adds its
    /// evidence to the open proposal of the same cause. Nil when it joined
    /// one, when its cause is muted by a rejection, or when the action is
    /// already in force (its verdict, when that changed, goes to `out`).
    private mutating func propose(for ui: Int, at t: EventTime, noData: Bool = false,
                                  into out: inout [CoreOutput]) -> Proposal? {
        let u = units[ui]
        let spec = policy.signals[u.key.signal]
        let group = u.key.group
        let changePoint = feeds.changePoint(of: FeedTable.slot(unit: ui, reference: false))
        let changes = Blame.rank(flags.recentDeploys(in: group, at: t, within: policy.recentChange),
                                 changedAt: changePoint?.time ?? u.evidenceSince(at: t),
                                 splitFlags: splitFlags(scope: u.key.scope, group: group))
        let recent = Blame.blamed(changes)
        let situation = Situation(
            family: spec.family, isBelief: spec.detector == .belief, noData: noData,
            group: group, scope: u.key.scope,
            deploy: recent.map { ($0.event, flags.state(of: $0.event.flag), role(of: $0.event.flag)) },
            flagsInGroup: policy.flags.filter { ($0.deployment ?? group) == group },
            flagStates: flags.states(in: group),
            recentChange: policy.recentChange,
            requestsPerMinute: traffic.requestsPerMinute(group: group, scope: u.key.scope),
            costs: policy.costs, personWait: policy.escalateAfter ?? .minutes(15))
        let cause = situation.cause
        let evidence = u.evidence(spec: spec, at: t, deploy: recent, changePoint: changePoint, changes: changes)
        if book.merge(evidence, cause: cause, critical: spec.critical, at: t, timeline: &timeline) { return nil }
        // No change explains the timing, but one landed within the onset's
        // resolution after the series changed (the estimate is a minute
        // wide): a proposal open for it is the likelier cause, so the failure
        // joins it (its blame line says what was weighed) rather than opening
        // a "no change" proposal beside it (docs/policy.md, "Proposals per cause").
        if cause.change == nil, cause.mode != .agentBeliefDrift {
            for weighed in changes {
                guard case .after(let gap) = weighed.fit, gap <= Blame.resolution.adding(Blame.resolution) else { continue }
                var candidate = Cause(group: group, change: Cause.Change(flag: weighed.deploy.event.flag,
                                                                         variant: weighed.deploy.event.to),
                                      mode: .infrastructure)
                for mode in [FailureMode.infrastructure, .qualityRegression] {
                    candidate.mode = mode
                    if book.merge(evidence, cause: candidate, critical: spec.critical, at: t, timeline: &timeline) { return nil }
                }
            }
        }
        if book.muted(cause, signal: spec.name, at: t, timeline: &timeline) { return nil }
        let ranking = GradedResponse.rank(situation)
        guard let first = ranking.ranked.first else { return nil }
        if let done = book.noteStillFailing(spec.name, group: group, action: first.action,
                                            since: recent?.time ?? EventTime(milliseconds: .min), at: t,
                                            into: &out, timeline: &timeline) {
            return book.followUp(after: done, at: t, timeline: &timeline)
        }
        return book.open(signal: spec, group: group, evidence: evidence, cause: cause, ranking: ranking,
                         afterDeploy: recent != nil, requestsPerMinute: situation.requestsPerMinute,
                         at: t, timeline: &timeline)
    }

    /// A rejection's mute ended: the units of the signals it silenced that
    /// are still failing propose again, in unit order (a new id, fresh
    /// evidence; under today's cause, which a later deploy may have changed).
    private mutating func proposeAgain(_ mute: ProposalBook.Mute, at t: EventTime, into out: inout [CoreOutput]) {
        for i in units.indices where units[i].key.group == mute.cause.group && units[i].status == .failing {
            let spec = policy.signals[units[i].key.signal]
            guard mute.signals.contains(spec.name), mayPropose(signal: spec, group: mute.cause.group),
                  let p = propose(for: i, at: t, into: &out) else { continue }
            out.append(.proposal(p))
            if book.escalateAtOnce(p, at: t, timeline: &timeline) {
                out.append(.escalation(escalations.pagedAtOnce(p, ladder: policy.escalation, at: t)))
            }
        }
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

    /// The flags whose canary a failing scope is on: what differs between
    /// its traffic and the baseline's (`Blame`).
    private func splitFlags(scope: Scope, group: String) -> [String] {
        flags.states(in: group).filter { fs in
            guard let canary = fs.canary, fs.canaryPercent > 0 else { return false }
            switch scope {
            case .canaryVsBaseline: return true
            case .variant(let v): return v == canary || v.hasPrefix("canary")
            case .all, .beforeVsAfter, .belief: return false
            }
        }.map(\.flag)
    }

    private func role(of flag: String) -> FlagRole {
        policy.flags.first { $0.name == flag }?.role ?? .model
    }

    // MARK: Time

    /// Inlined: most samples move time within the same second, which needs
    /// no call; the checks are `runChecks`.
    @inline(__always)
    private mutating func advanceClock(to t: EventTime, into out: inout [CoreOutput]) {
        if let n = now, t <= n { return }
        now = t
        // Staleness, countdowns and escalation are judged once per event-time second.
        let second = t.milliseconds / 1000
        guard second != lastStalenessCheck else { return }
        lastStalenessCheck = second
        runChecks(at: t, into: &out)
    }

    /// What a new event-time second may bring: silence, countdowns, escalation.
    @inline(never)
    private mutating func runChecks(at t: EventTime, into out: inout [CoreOutput]) {
        // Only the units whose check can change something now (the others'
        // checks would do nothing), in unit order.
        for i in checksEveryUnit ? Array(units.indices) : checks.takeDue(at: t.milliseconds) {
            unitChecks += 1
            let spec = policy.signals[units[i].key.signal]
            if units[i].checkInconclusive(at: t, spec: spec) {
                raiseSilence(unit: i, at: t, reason: .inconclusive, policy: spec.inconclusive, into: &out)
            }
            let staleAfter = feeds.staleAfter(of: FeedTable.arrivals(unit: i))
            if units[i].checkStaleness(at: t, spec: spec, staleAfter: staleAfter) {
                raiseSilence(unit: i, at: t, reason: .noData, policy: spec.noData, into: &out)
            }
            units[i].needsSchedule = false
            checks.schedule(i, at: max(units[i].nextCheck(spec: spec, staleAfter: staleAfter), t.milliseconds + 1))
        }
        if book.awaitsVerification {
            let views = units.map {
                ProposalBook.UnitView(signal: policy.signals[$0.key.signal].name, group: $0.key.group,
                                      scope: $0.key.scope, status: $0.status)
            }
            book.verifyDue(at: t, units: views, into: &out, timeline: &timeline)
        }
        book.runCountdowns(at: t, into: &out, timeline: &timeline)
        for p in book.all where escalations.needsVisit(p) { climb(p, at: t, into: &out) }
        if let end = book.nextMuteEnd, t >= end {
            for mute in book.endMutes(at: t) { proposeAgain(mute, at: t, into: &out) }
        }
    }

    // MARK: Escalation

    /// Moves one proposal along the escalation ladder: pages due, resolves
    /// once decided; the proposal shows the outcome.
    private mutating func climb(_ p: Proposal, at t: EventTime, into out: inout [CoreOutput]) {
        let (pages, next) = escalations.advance(p, ladder: policy.escalation, at: t)
        for page in pages { note(page, of: p) }
        let paged = pages.contains { $0.event == .trigger }
        if paged || (p.status.isOpen && p.escalatesAt != next) { book.showEscalation(p.id, next: next, paged: paged) }
        out += pages.map(CoreOutput.escalation)
    }

    /// A signal recovered: each open proposal of the group whose signals
    /// are all no longer failing stops paging, and takes back its pages.
    private mutating func quietLadders(group: String, at t: EventTime, into out: inout [CoreOutput]) {
        for p in book.all where p.group == group && p.status.isOpen {
            let names = Set(p.evidence.map(\.signal))
            let failing = units.contains {
                $0.key.group == group && $0.status == .failing && names.contains(policy.signals[$0.key.signal].name)
            }
            guard !failing else { continue }
            let pages = escalations.recovered(p.id, at: t)
            for page in pages { note(page, of: p) }
            book.showEscalation(p.id, next: nil, paged: false)
            out += pages.map(CoreOutput.escalation)
        }
    }

    /// A group's signal fails again: its quiet proposals climb from now.
    private mutating func rearmLadders(group: String, at t: EventTime) {
        for p in book.all where p.group == group && p.status.isOpen { _ = escalations.failedAgain(p.id, at: t) }
    }

    private mutating func note(_ page: EscalationPage, of p: Proposal) {
        switch page.event {
        case .trigger where page.step == 1:
            let after = policy.escalation?.offset(ofPage: 0) ?? .zero
            timeline.note(page.at, .decision, .escalated(proposalID: p.id, unansweredFor: after))
        case .trigger:
            timeline.note(page.at, .decision, .repaged(proposalID: p.id, step: page.step, hook: page.hook))
        case .resolve(let reason):
            timeline.note(page.at, .decision, .pageResolved(proposalID: p.id, hook: page.hook, reason: reason))
        }
    }

    /// Puts a unit whose next check may have come earlier back on the schedule.
    private mutating func reschedule(_ i: Int) {
        units[i].needsSchedule = false
        checks.schedule(i, at: units[i].nextCheck(spec: policy.signals[units[i].key.signal],
                                                  staleAfter: feeds.staleAfter(of: FeedTable.arrivals(unit: i))))
    }

    /// A unit that cannot judge (no data, or inconclusive for too long) does
    /// what its policy says: hold shows it, escalate and fail propose.
    private mutating func raiseSilence(unit i: Int, at t: EventTime, reason: TimelineFact.Silence, policy choice: NoDataPolicy,
                                       into out: inout [CoreOutput]) {
        let spec = policy.signals[units[i].key.signal]
        let (group, scope) = (units[i].key.group, units[i].key.scope)
        timeline.note(t, .alert, .silent(signal: spec.name, group: group, scope: scope, reason: reason, policy: choice))
        guard choice != .hold else { return }
        out.append(.alert(signal: spec.name, group: group, scope: scope, at: t, detail: units[i].statistic))
        if mayPropose(signal: spec, group: group), let p = propose(for: i, at: t, noData: choice == .escalate, into: &out) {
            out.append(.proposal(p))
        }
    }
}

private func familyOrder(_ f: SignalFamily) -> Int {
    SignalFamily.allCases.firstIndex(of: f) ?? 0
}
