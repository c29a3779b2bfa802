import VigilCore
import Yams

extension NodeReader {
    /// Reads the escalation ladder:
    ///
    ///     escalation:
    ///       - {after: 15m, hook: page-primary}
    ///       - {after: 30m, hook: page-secondary}
    ///       - {repeat: 30m}
    ///
    /// Steps in increasing `after`; an optional last `repeat` re-pages the
    /// last step's hook. `escalation: never` turns escalation off.
    mutating func escalation(_ node: Node) -> EscalationLadder? {
        if node.string == "never" { return nil }
        let items = sequence(node, "escalation")
        var steps: [EscalationLadder.Step] = []
        var repeatEvery: Duration?
        for (i, item) in items.enumerated() {
            guard let m = item.mapping else {
                fail(item, "an escalation step is a mapping: {after: 15m, hook: NAME} or, last, {repeat: 30m}")
                continue
            }
            if let r = m["repeat"] {
                checkKeys(m, allowed: ["repeat"], context: "escalation repeat")
                guard i == items.count - 1 else { fail(r, "'repeat' must be the last item of 'escalation'"); continue }
                guard !steps.isEmpty else { fail(r, "'repeat' needs a step before it to repeat"); continue }
                if let d = duration(r, "repeat") {
                    if d < .minutes(1) { fail(r, "'repeat' must be at least 1m: a page every few seconds is noise, not escalation") } else { repeatEvery = d }
                }
                continue
            }
            checkKeys(m, allowed: ["after", "hook"], context: "escalation step")
            guard let afterNode = m["after"] else { fail(item, "an escalation step needs 'after' (e.g. 15m)"); continue }
            guard let after = duration(afterNode, "after") else { continue }
            if let previous = steps.last, after <= previous.after {
                fail(afterNode, "escalation steps must come later one after another: \(after) is not after \(previous.after)")
            }
            let hook = string(m["hook"], "hook")
            if let hook, let hookNode = m["hook"] { stepHookNodes.append((hook, hookNode)) }
            steps.append(EscalationLadder.Step(after: after, hook: hook == "escalate" ? nil : hook))
        }
        if items.isEmpty || (steps.isEmpty && repeatEvery == nil && problems.isEmpty) {
            fail(node, "'escalation' lists no steps; write escalation: never to turn escalation off")
        }
        return steps.isEmpty ? nil : EscalationLadder(steps: steps, repeatEvery: repeatEvery)
    }
}
