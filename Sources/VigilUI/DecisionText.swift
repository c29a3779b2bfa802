import VigilCore
import VigilWording

/// The lines that say what a decision left running: a snooze's end and the
/// countdowns it holds, and what can follow a failed action. The queue's
/// preview and the details screen read the same words.
enum DecisionText {
    /// `until 10:42 (in 9m) · auto-execution paused, 45s left · escalation paused, 14m left`
    static func snooze(_ p: Proposal, until: EventTime, now: EventTime?) -> String {
        var parts = ["until \(until.clock)" + (now.map { until > $0 ? " (in \(Format.age(until.since($0))))" : " (due)" } ?? "")]
        if let left = p.paused?.autoExecuteIn { parts.append("auto-execution PAUSED, \(Format.age(left)) left") }
        if let left = p.paused?.escalatesIn { parts.append("escalation PAUSED, \(Format.age(left)) left") }
        if p.paused?.resumeAs == .escalated { parts.append("already escalated") }
        return parts.joined(separator: " · ")
    }

    /// `y tries it again · or Enter, then 2 and y: roll back …` (on the
    /// details screen, without the Enter).
    static func afterFailure(_ p: Proposal, onDetails: Bool = false) -> String {
        var text = "y tries it again"
        if p.responses.count > 1 {
            text += " · or \(onDetails ? "" : "Enter, then ")2 and y: \(Wording.summary(p.responses[1]))"
        }
        return text
    }
}
