import VigilCore

extension Wording {
    /// The verdict on an executed action as one sentence, led by `worked: `
    /// when it worked: `worked: quality_score recovered at 10:04:50`.
    public static func verification(_ v: VerificationResult) -> String {
        (v.worked ? "worked: " : "") + verificationFinding(v)
    }

    /// The verdict as a badge word: `WORKED` or `NOT WORKING`.
    public static func verdict(_ v: VerificationResult.Verdict) -> String {
        switch v {
        case .worked: return "WORKED"
        case .notWorking: return "NOT WORKING"
        }
    }

    /// What was found, without the verdict word (for a reader that shows the
    /// verdict as a badge): `quality_score recovered at 10:04:50`.
    public static func verificationFinding(_ v: VerificationResult) -> String {
        switch v {
        case .recovered(let signal, let at):
            return "\(signal) recovered at \(at.clock)"
        case .stillFailingWithActionInForce(let signal, let at, let id):
            return "\(signal) still failing at \(at.clock) with \(id)'s action in force"
        case .stillFailing(let signal, let after, let scope):
            return "\(signal) still failing \(after) after the action (\(Wording.scope(scope)))"
        case .noMoreSamples(let after):
            return "no more samples on the affected scope \(after) after the action"
        case .withinBounds(let signals, let after):
            return "\(signals.joined(separator: ", ")) within bounds \(after) after the action"
        }
    }
}
