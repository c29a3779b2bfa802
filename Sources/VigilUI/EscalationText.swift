import VigilCore

/// What an escalation did, from the facts at hand: when it happened (the
/// timeline's escalation entry, else the ladder's due time), how long the
/// proposal had waited, and whom it paged (the escalate hook the session
/// runs). A proposal that has escalated never reads "escalates at … (due)".
enum EscalationText {
    /// `at 10:23:20 (4m ago) after 15m unanswered`; nil unless escalated.
    static func when(_ p: Proposal, core: CoreSnapshot) -> String? {
        guard p.status == .escalated else { return nil }
        var at = p.escalatesAt
        var unanswered: VigilCore.Duration?
        for e in core.timeline.reversed() {
            if case .escalated(let id, let waited) = e.fact, id == p.id { at = e.time; unanswered = waited; break }
            if case .escalatedAtOnce(let id, _) = e.fact, id == p.id { at = e.time; break }
        }
        guard let at else { return "escalated" }
        var text = "at \(at.clock)"
        if let now = core.eventTime { text += " (\(Format.age(now.since(at))) ago)" }
        if let unanswered { text += " after \(Format.age(unanswered)) unanswered" } else if at == p.createdAt {
            text += ", as soon as proposed"
        }
        return text
    }

    /// Whom the escalation paged, as far as this session knows.
    static func whom(_ status: StatusInfo) -> String {
        if status.readOnly { return "read-only session: no hook was run, nobody was paged from here" }
        guard let hook = status.escalationHook else {
            return "no escalate hook configured: nobody was paged, only this screen shows it"
        }
        return "paged via \(hook)"
    }

    /// `line` for each escalated proposal of `proposals`, by id.
    static func lines(_ proposals: [Proposal], _ model: DashboardModel) -> [String: String] {
        Dictionary(proposals.compactMap { p in line(p, model).map { (p.id, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Both, on one line: `at 10:23:20 (4m ago) after 15m unanswered · paged via pagerduty-escalate.py`.
    static func line(_ p: Proposal, _ model: DashboardModel) -> String? {
        when(p, core: model.core).map { $0 + " · " + whom(model.status) }
    }
}
