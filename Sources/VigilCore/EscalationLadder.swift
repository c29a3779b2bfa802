/// The policy's escalation ladder: whom to page, and when, while a proposal
/// stays unanswered. `escalate_after: 15m` is the one-step ladder.
///
/// Offsets count from the proposal's opening in event time, so a replay
/// pages at the same moments on every run, and a live watch pages on time
/// once its clock moves without data (docs/operations.md, "Escalation").
public struct EscalationLadder: Hashable, Sendable {
    /// One rung: `after` unanswered, page through `hook`.
    public struct Step: Hashable, Sendable {
        public var after: Duration
        /// A hook name from the policy's `hooks:`; nil: the `escalate` hook.
        public var hook: String?
        public init(after: Duration, hook: String? = nil) { self.after = after; self.hook = hook }
    }

    /// In increasing `after` order; never empty.
    public var steps: [Step]
    /// After the last step, page its hook again every `repeatEvery`; nil: the last step is the last page.
    public var repeatEvery: Duration?

    public init(steps: [Step], repeatEvery: Duration? = nil) {
        self.steps = steps; self.repeatEvery = repeatEvery
    }

    /// `escalate_after`: one page through the `escalate` hook.
    public static func once(after: Duration) -> EscalationLadder { EscalationLadder(steps: [Step(after: after)]) }

    /// How long after the opening the page with this 0-based index is due;
    /// nil when the ladder has no such page.
    public func offset(ofPage n: Int) -> Duration? {
        guard n >= 0, let last = steps.last else { return nil }
        if n < steps.count { return steps[n].after }
        guard let every = repeatEvery, every.milliseconds > 0 else { return nil }
        let (extra, overflow) = Int64(n - steps.count + 1).multipliedReportingOverflow(by: every.milliseconds)
        guard !overflow else { return nil }
        let (total, overflow2) = last.after.milliseconds.addingReportingOverflow(extra)
        return overflow2 ? nil : Duration(milliseconds: total)
    }

    /// The hook of the page with this 0-based index (repeats use the last step's).
    public func hook(ofPage n: Int) -> String? {
        steps.isEmpty ? nil : steps[min(max(0, n), steps.count - 1)].hook
    }

    /// True when the page with this index re-sends an earlier one (a repeat).
    func isRepeat(_ n: Int) -> Bool { n >= steps.count }
}

/// One page the core asks the app to send, or take back.
public struct EscalationPage: Hashable, Sendable {
    public enum Event: Hashable, Sendable {
        /// Page (1 for the first rung, 2 for the next, …).
        case trigger
        /// Take the page back: the proposal was decided, or its signals recovered.
        case resolve(ResolveReason)
    }

    public enum ResolveReason: String, Hashable, Sendable {
        case decided, recovered
    }

    public var proposalID: String
    public var at: EventTime
    /// The page's number: 1, 2, …; on a resolve, the number of the last page sent.
    public var step: Int
    /// The hook to run (a name from `hooks:`); nil: the `escalate` hook.
    public var hook: String?
    public var event: Event

    public init(proposalID: String, at: EventTime, step: Int, hook: String?, event: Event) {
        self.proposalID = proposalID; self.at = at; self.step = step; self.hook = hook; self.event = event
    }
}

/// Where each proposal stands on the ladder: pages sent, time paused
/// (snoozed), quiet after its signals recovered. One owner for the
/// ladder's state; the proposal book only shows its outcome (status
/// `escalated`, the next rung's time).
struct EscalationTracker: Sendable {
    struct Entry: Sendable {
        /// Offsets count from here: the opening, or the failure that re-armed it.
        var anchor: EventTime
        var pages = 0
        /// The distinct hooks paged, in order; each gets the resolve.
        var hooks: [String?] = []
        /// Snoozed time so far, and since when the current pause runs.
        var paused = Duration.zero
        var pausedSince: EventTime?
        /// Paused by `pause` (not by a snooze) until `resume`.
        var held = false
        /// The signals recovered: no further pages until one fails again.
        var quiet = false
        /// Decided, and resolved if it had paged: nothing more to do.
        var settled = false
    }

    private var entries: [String: Entry] = [:]
    /// Proposals with pages sent and not yet resolved: the only closed
    /// ones the once-a-second pass must still visit (usually none).
    private(set) var unresolved: Set<String> = []

    /// Whether `p` needs `advance` at this tick: open, or closed with pages to take back.
    func needsVisit(_ p: Proposal) -> Bool {
        p.status.isOpen || (!unresolved.isEmpty && unresolved.contains(p.id))
    }

    /// Paused (snoozed) proposals do not climb the ladder; the pause's
    /// length is added to every later rung. The proposal's `snoozed` status
    /// pauses it too, so a snooze needs no separate call; these let a caller
    /// pause for other reasons.
    mutating func pause(_ id: String, openedAt: EventTime, at t: EventTime) {
        var e = entries[id] ?? Entry(anchor: openedAt)
        e.held = true
        if e.pausedSince == nil { e.pausedSince = t }
        entries[id] = e
    }

    /// Ends a `pause`; a snoozed proposal stays paused until its snooze ends.
    mutating func resume(_ id: String, at t: EventTime) {
        guard var e = entries[id], e.held else { return }
        e.held = false
        if let since = e.pausedSince {
            e.paused = e.paused.adding(t.since(since))
            e.pausedSince = nil
        }
        entries[id] = e
    }

    func isPaused(_ id: String) -> Bool { entries[id]?.pausedSince != nil }

    /// A rejection taken back (undo): the ladder goes on, the time it was
    /// rejected counted as paused; pages the rejection resolved are sent
    /// again when due, since the problem is open again.
    mutating func reopen(_ id: String, rejectedAt: EventTime) {
        guard var e = entries[id], e.settled else { return }
        e.settled = false
        if e.pausedSince == nil { e.pausedSince = rejectedAt }
        if !e.hooks.isEmpty { e.pages = 0; e.hooks = [] }
        entries[id] = e
    }

    /// Belief drift pages as soon as it is proposed: that is the first rung.
    mutating func pagedAtOnce(_ p: Proposal, ladder: EscalationLadder?, at t: EventTime) -> EscalationPage {
        var e = Entry(anchor: p.createdAt)
        let hook = ladder?.hook(ofPage: 0)
        e.pages = 1
        e.hooks = [hook]
        entries[p.id] = e
        unresolved.insert(p.id)
        return EscalationPage(proposalID: p.id, at: t, step: 1, hook: hook, event: .trigger)
    }

    /// Moves `p` along the ladder at event time `t`: the pages due, or the
    /// resolves once it is decided. Returns the pages and the next rung's
    /// time (nil: none due), for the proposal to show.
    mutating func advance(_ p: Proposal, ladder: EscalationLadder?, at t: EventTime) -> (pages: [EscalationPage], next: EventTime?) {
        var e = entries[p.id] ?? Entry(anchor: p.createdAt)
        defer { entries[p.id] = e }
        if e.settled { return ([], nil) }
        guard p.status.isOpen else {
            e.settled = true
            return (resolves(p.id, &e, reason: .decided, at: t), nil)
        }
        if p.status == .snoozed || e.held {
            if e.pausedSince == nil { e.pausedSince = t }
            return ([], nil)
        }
        if let since = e.pausedSince {
            e.paused = e.paused.adding(t.since(since))
            e.pausedSince = nil
        }
        guard !e.quiet, let ladder else { return ([], nil) }
        var pages: [EscalationPage] = []
        // A clock that jumped past several rungs sends each named step once,
        // but only the latest of a run of repeats.
        while let due = due(e, ladder, e.pages), t >= due {
            let n = e.pages
            e.pages += 1
            if ladder.isRepeat(n), let following = self.due(e, ladder, n + 1), t >= following { continue }
            let hook = ladder.hook(ofPage: n)
            if !e.hooks.contains(hook) { e.hooks.append(hook) }
            unresolved.insert(p.id)
            pages.append(EscalationPage(proposalID: p.id, at: t, step: n + 1, hook: hook, event: .trigger))
        }
        return (pages, due(e, ladder, e.pages))
    }

    /// Its signals recovered: no more pages, and the ones sent are taken back.
    mutating func recovered(_ id: String, at t: EventTime) -> [EscalationPage] {
        var e = entries[id] ?? Entry(anchor: t)
        guard !e.settled, !e.quiet else { return [] }
        e.quiet = true
        let out = resolves(id, &e, reason: .recovered, at: t)
        entries[id] = e
        return out
    }

    /// A quiet proposal's signal failed again: the ladder starts over from now.
    mutating func failedAgain(_ id: String, at t: EventTime) -> Bool {
        guard var e = entries[id], e.quiet, !e.settled else { return false }
        e = Entry(anchor: t)
        entries[id] = e
        return true
    }

    func isQuiet(_ id: String) -> Bool { entries[id]?.quiet ?? false }

    private func due(_ e: Entry, _ ladder: EscalationLadder, _ n: Int) -> EventTime? {
        ladder.offset(ofPage: n).map { e.anchor.adding($0).adding(e.paused) }
    }

    private mutating func resolves(_ id: String, _ e: inout Entry, reason: EscalationPage.ResolveReason, at t: EventTime) -> [EscalationPage] {
        unresolved.remove(id)
        defer { e.hooks = [] }
        return e.hooks.map { EscalationPage(proposalID: id, at: t, step: e.pages, hook: $0, event: .resolve(reason)) }
    }
}
