import Testing
@testable import VigilApp
import VigilCore

/// `escalation:` read from the policy, and every mistake in it reported at
/// its line and column (what `vigil check` prints).
@Suite struct EscalationPolicyTests {
    let signals = """
    signals:
      - name: errors
        metric: errors.rate
        detector: {type: threshold, direction: higher_is_worse, value: 0.1}

    """

    func errors(_ text: String) -> [PolicyProblem] {
        do { _ = try PolicyLoader.parse(signals + text); return [] } catch let e as PolicyErrors {
            return e.problems.filter { $0.severity == .error }
        } catch { return [] }
    }

    @Test func theLadderAndItsNamedHooksLoad() throws {
        let c = try PolicyLoader.parse(signals + """
        escalation:
          - {after: 15m, hook: page-primary}
          - {after: 30m, hook: page-secondary}
          - {repeat: 30m}
        hooks:
          escalate: ["page-default"]
          page-primary: ["page", "--primary"]
          page-secondary: ["page", "--secondary"]
        """)
        #expect(c.policy.escalation == EscalationLadder(
            steps: [.init(after: .minutes(15), hook: "page-primary"), .init(after: .minutes(30), hook: "page-secondary")],
            repeatEvery: .minutes(30)))
        #expect(c.namedHooks == ["page-primary": ["page", "--primary"], "page-secondary": ["page", "--secondary"]])
        #expect(c.hooks[.escalate] == ["page-default"])
        #expect(c.policy.escalateAfter == .minutes(15))
    }

    @Test func escalateAfterIsTheOneStepShorthandAndNeverTurnsItOff() throws {
        #expect(try PolicyLoader.parse(signals + "escalate_after: 20m\n").policy.escalation == .once(after: .minutes(20)))
        #expect(try PolicyLoader.parse(signals).policy.escalation == .once(after: .minutes(15)))
        #expect(try PolicyLoader.parse(signals + "escalate_after: never\n").policy.escalation == nil)
        #expect(try PolicyLoader.parse(signals + "escalation: never\n").policy.escalation == nil)
        let c = try PolicyLoader.parse(signals + "escalation:\n  - {after: 5m}\n")
        #expect(c.policy.escalation == .once(after: .minutes(5)))
    }

    @Test func everyMistakeIsAnErrorAtItsLine() {
        let found = errors("""
        escalate_after: 10m
        escalation:
          - {after: 30m, hook: page-primary}
          - {after: 15m}
          - {repeat: 10s}
        hooks:
          pager-primary: ["page"]
        """)
        #expect(found.contains { $0.line == 7 && $0.column == 3 && $0.message.contains("either 'escalation'") }, "\(found)")
        #expect(found.contains { $0.line == 8 && $0.column == 13 && $0.message.contains("15m is not after 30m") }, "\(found)")
        #expect(found.contains { $0.line == 9 && $0.message.contains("at least 1m") }, "\(found)")
        #expect(found.contains { $0.line == 11 && $0.message.contains("unknown action kind 'pager-primary'") }, "\(found)")
        #expect(found.contains { $0.line == 7 && $0.column == 24 && $0.message.contains("hook 'page-primary', which 'hooks' does not define") }, "\(found)")

        let misplaced = errors("escalation:\n  - {repeat: 30m}\n  - {after: 5m}\n")
        #expect(misplaced.contains { $0.line == 6 && $0.message.contains("must be the last") }, "\(misplaced)")
        #expect(errors("escalation: []\n").contains { $0.message.contains("lists no steps") })
        #expect(errors("escalation:\n  - {hook: x}\n").contains { $0.message.contains("needs 'after'") })
    }
}
