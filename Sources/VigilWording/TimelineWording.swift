import VigilCore

extension Wording {
    /// One timeline entry as the timeline and ledger screens show it.
    public static func timeline(_ fact: TimelineFact) -> String {
        switch fact {
        case .deploy(let d):
            return deployEvent(d)
        case .otherEvent(let name):
            return "event \(name)"
        case .beliefContradicted(let c):
            return beliefContradiction(c)
        case .failing(let signal, let group, let scope, let s):
            return "\(signal) failing (\(group), \(Wording.scope(scope))): \(statistic(s))"
        case .recovered(let signal, let group, let scope):
            return "\(signal) recovered (\(group), \(Wording.scope(scope)))"
        case .silent(let signal, let group, let scope, let reason, let policy):
            let what = reason == .inconclusive ? "inconclusive" : "has no data"
            return "\(signal) \(what) (\(group), \(Wording.scope(scope))); policy: \(policy.rawValue)"
        case .proposed(let id, let action, let mode):
            return "\(id) proposed: \(summary(action)) (\(mode.rawValue))"
        case .joined(let id, let signal):
            return "\(signal) joined \(id) (same cause)"
        case .muted(let signal, let group, let rejected, let until):
            return "\(signal) failing (\(group)): same cause as rejected \(rejected), muted until \(until.clock)"
        case .decided(let id, let verdict, let by):
            if verdict == .undone { return "\(id) rejection undone by \(by): open again" }
            return "\(id) \(verdict.rawValue) by \(by)"
        case .snoozeEnded(let id):
            return "\(id) snooze ended: back in the queue, countdowns running again"
        case .autoExecuted(let id):
            return "\(id) auto-executed after its countdown"
        case .escalated(let id, let unanswered):
            return "\(id) unanswered for \(unanswered): escalated"
        case .repaged(let id, let step, let hook):
            return "\(id) still unanswered: page \(step)" + (hook.map { " (\($0))" } ?? "")
        case .pageResolved(let id, let hook, let reason):
            let why = reason == .decided ? "decided" : "its signals recovered"
            return "\(id) page resolved" + (hook.map { " (\($0))" } ?? "") + ": \(why)"
        case .escalatedAtOnce(let id, let mode):
            return "\(id) escalated at once (\(mode.rawValue))"
        case .outcome(let id, let succeeded, let detail):
            return "\(id) \(succeeded ? "done" : "FAILED"): \(detail)"
        case .verification(let v, let id):
            return (id.map { "\($0) " } ?? "") + verification(v)
        }
    }
}
