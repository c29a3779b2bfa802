/// Every proposal of a run and its lifecycle: opened (or merged into the
/// open one of the same cause), decided, counted down, escalated, executed
/// and verified. One owner, so that a proposal's status changes in one place.
struct ProposalBook: Sendable {
    /// The operator name recorded for decisions the policy makes by itself.
    static let autoOperator = "policy:auto_after"

    /// A rejected cause: not proposed again until `until`.
    struct Mute: Hashable, Sendable {
        var cause: Cause
        var proposalID: String
        var until: EventTime
        /// The signals it silenced: the rejected proposal's, and those that
        /// failed for the same cause during the mute.
        var signals: [String]
    }

    let policy: Policy
    /// Every proposal so far, in order.
    private(set) var all: [Proposal] = []
    private var index: [String: Int] = [:]
    /// The number of the first proposal: 1, or where an earlier run's
    /// ledger left off, so ids (and idempotency keys) never repeat.
    let firstNumber: Int
    /// Rejected causes, in the order rejected; at most one per cause.
    private(set) var mutes: [Mute] = []
    /// Actions an earlier run executed and did not judge, in the order
    /// given, each with whether this run has found its verdict.
    private var carried: [(action: UnverifiedAction, judged: Bool)]

    init(policy: Policy, firstNumber: Int = 1, unverified: [UnverifiedAction] = []) {
        self.policy = policy
        self.firstNumber = max(1, firstNumber)
        carried = unverified.map { ($0, false) }
    }

    subscript(id: String) -> Proposal? {
        index[id].map { all[$0] }
    }

    // MARK: Opening

    /// One open proposal per cause: a further failing signal of the same
    /// cause adds its evidence to it (and says so on the timeline) instead of
    /// opening a second. True when it did.
    mutating func merge(_ evidence: Evidence, cause: Cause, critical: Bool, at t: EventTime,
                        timeline: inout Timeline) -> Bool {
        // Escalated and snoozed proposals are still unanswered.
        guard let open = all.lastIndex(where: { $0.cause == cause && $0.status.isOpen }) else { return false }
        if !all[open].evidence.contains(where: { $0.signal == evidence.signal }) {
            // A critical signal's evidence leads: it is what a person should read first.
            let leadIsCritical = policy.signals.first { $0.name == all[open].evidence.first?.signal }?.critical ?? false
            if critical && !leadIsCritical {
                all[open].evidence.insert(evidence, at: 0)
            } else {
                all[open].evidence.append(evidence)
            }
            timeline.note(t, .proposal, .joined(proposalID: all[open].id, signal: evidence.signal))
        }
        return true
    }

    /// The rejection muting `cause` at `t`, if any. A muted failure is noted
    /// on the timeline, so the silence is visible.
    mutating func muted(_ cause: Cause, signal: String, at t: EventTime, timeline: inout Timeline) -> Bool {
        guard let i = mutes.firstIndex(where: { $0.cause == cause && t < $0.until }) else { return false }
        let m = mutes[i]
        if !m.signals.contains(signal) { mutes[i].signals.append(signal) }
        timeline.note(t, .alert, .muted(signal: signal, group: cause.group, rejected: m.proposalID, until: m.until))
        return true
    }

    /// When the earliest mute ends; nil when nothing is muted.
    var nextMuteEnd: EventTime? { mutes.map(\.until).min() }

    /// Removes the mutes that have ended by `t`; returns them in the order
    /// rejected, so the core can propose their signals again if they still fail.
    mutating func endMutes(at t: EventTime) -> [Mute] {
        let ended = mutes.filter { t >= $0.until }
        mutes.removeAll { t >= $0.until }
        return ended
    }

    /// The same action already in force since the last change: proposing it
    /// again changes nothing. Records that it has not (yet) worked instead;
    /// the id of that action's proposal when one exists.
    mutating func noteStillFailing(_ signal: String, group: String, action: ActionIntent, since: EventTime,
                                   at t: EventTime, into out: inout [CoreOutput], timeline: inout Timeline) -> String? {
        guard let done = all.lastIndex(where: {
            $0.group == group && $0.status == .executed && $0.action == action && $0.createdAt >= since
        }) else { return nil }
        let finding = VerificationResult.stillFailingWithActionInForce(signal: signal, at: t, proposalID: all[done].id)
        if all[done].verification != finding {
            judge(done, finding, at: t, into: &out)
            timeline.note(t, .alert, .verification(finding, proposalID: nil))
        }
        return all[done].id
    }

    /// Opens a proposal for the ranking's first response, with the policy's
    /// countdown (only for the floor case: infrastructure right after a
    /// deploy) and its escalation time.
    mutating func open(signal spec: SignalSpec, group: String, evidence: Evidence,
                       cause: Cause, ranking: GradedResponse.Ranking, afterDeploy: Bool,
                       requestsPerMinute: Double?, at t: EventTime, timeline: inout Timeline) -> Proposal? {
        guard let first = ranking.ranked.first else { return nil }
        var p = Proposal(
            id: "P\(firstNumber + all.count)", createdAt: t, group: group, signal: spec.name,
            failureMode: ranking.mode, action: first.action,
            evidence: [evidence], alternatives: Array(ranking.ranked.dropFirst()) + ranking.excluded,
            blastRadius: ranking.blastRadius,
            status: .pending, decidedBy: nil, decidedAt: nil, outcome: nil, cause: cause)
        p.blastRadius.requestsPerMinute = requestsPerMinute
        p.rationale = first.reason
        p.cost = first.cost
        p.notes = ranking.notes
        if let countdown = policy.autoAfter[spec.name], ranking.mode == .infrastructure, afterDeploy,
           first.action.kind != .escalate {
            p.autoExecuteAt = t.adding(countdown)
        }
        if ranking.mode == .agentBeliefDrift {
            p.escalatesAt = t
        } else if let after = policy.escalateAfter {
            p.escalatesAt = t.adding(after)
        }
        index[p.id] = all.count
        all.append(p)
        timeline.note(t, .proposal, .proposed(proposalID: p.id, action: p.action, mode: ranking.mode))
        return p
    }

    /// Belief drift pages a person at once: restriction contains the agent,
    /// but only a person can correct what it believes.
    mutating func escalateAtOnce(_ p: Proposal, at t: EventTime, timeline: inout Timeline) -> Bool {
        guard p.escalatesAt == p.createdAt, let i = index[p.id] else { return false }
        all[i].status = .escalated
        timeline.note(t, .decision, .escalatedAtOnce(proposalID: p.id, mode: p.failureMode))
        return true
    }

    /// What the escalation ladder did, for the proposal to show: paged (it
    /// is escalated) and when the next rung is due (nil: none).
    mutating func showEscalation(_ id: String, next: EventTime?, paged: Bool) {
        guard let i = index[id] else { return }
        if paged && all[i].status == .pending { all[i].status = .escalated }
        all[i].escalatesAt = next
    }

    // MARK: Answers

    /// Records a decision. Returns the mute an undone rejection lifted, so
    /// the signals it silenced that still fail can join the reopened proposal.
    @discardableResult
    mutating func decide(_ decision: Decision, timeline: inout Timeline) -> Mute? {
        guard let i = index[decision.proposalID] else { return nil }
        let t = decision.time
        switch decision.verdict {
        case .confirmed, .autoExecuted:
            // Also a retry of a failed action, or another ranked response.
            if let n = decision.response, !all[i].choose(response: n) { return nil }
            all[i].status = .confirmed
            all[i].autoExecuteAt = nil
            all[i].paused = nil
            all[i].snoozedUntil = nil
        case .rejected:
            all[i].pauseClocks(at: t)
            all[i].status = .rejected
            mute(all[i], at: t)
        case .snoozed:
            all[i].pauseClocks(at: t)
            all[i].status = .snoozed
            all[i].snoozedUntil = decision.snoozedUntil ?? t.adding(Decision.defaultSnooze)
        case .undone:
            guard all[i].status == .rejected else { return nil }
            all[i].resumeClocks(at: t)
            all[i].decidedBy = nil
            all[i].decidedAt = nil
            timeline.note(t, .decision, .decided(proposalID: decision.proposalID, verdict: .undone, by: decision.operatorName))
            return unmute(rejected: all[i].id)
        }
        all[i].decidedBy = decision.operatorName
        all[i].decidedAt = decision.time
        timeline.note(decision.time, .decision,
                      .decided(proposalID: decision.proposalID, verdict: decision.verdict, by: decision.operatorName))
        return nil
    }

    /// A rejection mutes its cause, and only its cause, and only for a
    /// while: a later failure with another reason is proposed at once, and
    /// this one again if it is still failing when the mute ends.
    private mutating func mute(_ rejected: Proposal, at t: EventTime) {
        mutes.removeAll { $0.cause == rejected.cause }
        mutes.append(Mute(cause: rejected.cause, proposalID: rejected.id, until: t.adding(policy.rejectMute),
                          signals: rejected.evidence.map(\.signal)))
    }

    /// A rejection taken back no longer mutes its cause: the proposal is
    /// open again, so later failures of the cause join it. Returns the mute.
    private mutating func unmute(rejected id: String) -> Mute? {
        guard let m = mutes.firstIndex(where: { $0.proposalID == id }) else { return nil }
        return mutes.remove(at: m)
    }

    /// Records an action's outcome; returns the action when it succeeded, so
    /// the flags can follow it.
    mutating func record(_ outcome: ActionOutcome, timeline: inout Timeline) -> ActionIntent? {
        guard let i = index[outcome.proposalID] else { return nil }
        all[i].status = outcome.succeeded ? .executed : .failed
        all[i].outcome = outcome.detail
        all[i].outcomeAt = outcome.time
        timeline.note(outcome.time, .outcome,
                      .outcome(proposalID: outcome.proposalID, succeeded: outcome.succeeded, detail: outcome.detail))
        return outcome.succeeded ? all[i].action : nil
    }

    // MARK: Time

    /// Countdowns, judged at event time `t` (the escalation ladder is
    /// `EscalationTracker`'s).
    mutating func runCountdowns(at t: EventTime, into out: inout [CoreOutput], timeline: inout Timeline) {
        for i in all.indices where all[i].status == .snoozed {
            if let until = all[i].snoozedUntil, t >= until {
                // From the snooze's end, not from this check: the same on any tick.
                all[i].resumeClocks(at: until)
                timeline.note(t, .decision, .snoozeEnded(proposalID: all[i].id))
                out.append(.snoozeEnded(proposalID: all[i].id, at: t))
            }
        }
        for i in all.indices where all[i].status == .pending {
            if let due = all[i].autoExecuteAt, t >= due {
                // The policy decides at the countdown's event time, so replays
                // agree on when; the app records it and runs the action.
                all[i].autoExecuteAt = nil
                all[i].status = .confirmed
                all[i].decidedBy = Self.autoOperator
                all[i].decidedAt = t
                timeline.note(t, .decision, .autoExecuted(proposalID: all[i].id))
                out.append(.autoExecute(proposalID: all[i].id, at: t))
            }
        }
    }

    // MARK: Verification

    /// What verification needs to know of a detector unit.
    struct UnitView {
        var signal: String
        var group: String
        var scope: Scope
        var status: SignalStatus
    }

    /// A signal recovered: executed proposals it was evidence for worked,
    /// unless one was already judged not working. That verdict is final for
    /// its action: the core has moved on to the next step, and a recovery
    /// after it is credited to that step's action when it is verified working,
    /// not to the one that failed (the same in every replay).
    mutating func recordRecovery(of signal: String, group: String, at t: EventTime, into out: inout [CoreOutput]) {
        for i in all.indices where all[i].group == group && all[i].status == .executed && all[i].worked != false
            && all[i].evidence.contains(where: { $0.signal == signal }) {
            judge(i, .recovered(signal: signal, at: t), at: t, into: &out)
        }
        for i in carried.indices where !carried[i].judged && carried[i].action.group == group
            && carried[i].action.signals.contains(signal) {
            carried[i].judged = true
            out.append(.verification(proposalID: carried[i].action.proposalID, result: .recovered(signal: signal, at: t), at: t))
        }
    }

    /// Sets an executed proposal's verdict. A change of verdict (the first,
    /// or worked turned not working) is an output, so the app ledgers it; a
    /// new finding with the same verdict only updates the proposal.
    @inline(never)  // Swift 6.3.1's -O CopyPropagation crashes on it inlined into noteStillFailing.
    private mutating func judge(_ i: Int, _ finding: VerificationResult, at t: EventTime, into out: inout [CoreOutput]) {
        let before = all[i].worked
        all[i].verification = finding
        if before != finding.worked { out.append(.verification(proposalID: all[i].id, result: finding, at: t)) }
    }

    /// Judges every executed action whose verification delay has passed.
    /// An action that did not work raises its follow-up (`out`).
    mutating func verifyDue(at t: EventTime, units: [UnitView], into out: inout [CoreOutput], timeline: inout Timeline) {
        for i in all.indices where all[i].status == .executed && all[i].worked == nil {
            let delay = verificationDelay(signals: Set(all[i].evidence.map(\.signal)))
            guard let done = all[i].outcomeAt, t.since(done) >= delay else { continue }
            verify(i, at: t, after: delay, units: units, into: &out, timeline: &timeline)
            if all[i].worked == false, let next = followUp(after: all[i].id, at: t, timeline: &timeline) {
                out.append(.proposal(next))
            }
        }
        for i in carried.indices where !carried[i].judged {
            let action = carried[i].action
            let signals = Set(action.signals)
            let delay = verificationDelay(signals: signals)
            guard t.since(action.executedAt) >= delay else { continue }
            // This run's units started afresh: a unit still warming up (or
            // not seen yet) has not judged anything since the restart, so
            // the verdict waits for every unit the action was for to judge.
            let affected = units.filter { $0.group == action.group && signals.contains($0.signal) }
            guard !affected.isEmpty, !affected.contains(where: { $0.status == .warmingUp }) else { continue }
            // Judged perhaps long after the delay (the watch was down): the
            // finding says how long after the action it really was.
            let finding = Self.finding(affected: affected, signals: signals, after: t.since(action.executedAt))
            carried[i].judged = true
            out.append(.verification(proposalID: action.proposalID, result: finding, at: t))
            timeline.note(t, .outcome, .verification(finding, proposalID: action.proposalID))
        }
    }

    /// After an executed action did not work, the next step, proposed by
    /// itself: the next-best ranked response, or escalation when none is
    /// left. Nil when a person is already on it (the action was an
    /// escalation), a proposal for the deployment is open, or it was raised.
    mutating func followUp(after id: String, at t: EventTime, timeline: inout Timeline) -> Proposal? {
        guard let i = index[id], all[i].action.kind != .escalate,
              !all.contains(where: { $0.followUpOf == id || ($0.group == all[i].group && $0.status.isOpen) })
        else { return nil }
        let before = all[i]
        let escalate = before.alternatives.first { $0.action.kind == .escalate }
            ?? Alternative(action: ActionIntent(kind: .escalate, summary: .escalate(group: before.group)),
                           reason: .escalationChangesNothing)
        let next = before.nextBest ?? escalate
        var p = Proposal(
            id: "P\(firstNumber + all.count)", createdAt: t, group: before.group, signal: before.signal,
            failureMode: before.failureMode, action: next.action, evidence: before.evidence,
            alternatives: before.alternatives.filter { $0.action != next.action },
            blastRadius: before.blastRadius, cause: before.cause)
        p.rationale = next.reason
        p.cost = next.cost
        p.notes = before.notes
        p.followUpOf = id
        if let after = policy.escalateAfter { p.escalatesAt = t.adding(after) }
        index[p.id] = all.count
        all.append(p)
        timeline.note(t, .proposal, .proposed(proposalID: p.id, action: p.action, mode: p.failureMode))
        return p
    }

    /// True when some executed action still waits for its verdict: only then
    /// does verification need a view of the units.
    var awaitsVerification: Bool {
        all.contains { $0.status == .executed && $0.worked == nil } || carried.contains { !$0.judged }
    }

    /// An action is judged `verifyAfter` after it, but never before the
    /// windows of the signals that caused it have drained of older samples.
    private func verificationDelay(signals names: Set<String>) -> Duration {
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
    private mutating func verify(_ i: Int, at t: EventTime, after: Duration, units: [UnitView],
                                 into out: inout [CoreOutput], timeline: inout Timeline) {
        let signals = Set(all[i].evidence.map(\.signal))
        let affected = units.filter { $0.group == all[i].group && signals.contains($0.signal) }
        let finding = Self.finding(affected: affected, signals: signals, after: after)
        judge(i, finding, at: t, into: &out)
        timeline.note(t, .outcome, .verification(finding, proposalID: all[i].id))
    }

    /// What the units an action was for say about it `after` the action.
    private static func finding(affected: [UnitView], signals: Set<String>, after: Duration) -> VerificationResult {
        if let still = affected.first(where: { $0.status == .failing }) {
            return .stillFailing(signal: still.signal, after: after, scope: still.scope)
        } else if affected.contains(where: { $0.status == .noData }) {
            return .noMoreSamples(after: after)
        } else {
            return .withinBounds(signals: signals.sorted(), after: after)
        }
    }
}
