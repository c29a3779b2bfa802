import Testing
@testable import VigilApp
import VigilCore

/// Numbers in a policy come from a file someone else may write: one too large
/// for the millisecond clock must be a located error, never a trap.
@Suite struct PolicyNumberRangeTests {
    func problems(_ text: String) -> [PolicyProblem] {
        do { _ = try PolicyLoader.parse(text); return [] } catch let e as PolicyErrors {
            return e.problems.filter { $0.severity == .error }
        } catch { return [] }
    }

    func policy(escalate: String = "15m", sustain: String = "1m", window: String = "10m") -> String {
        """
        name: p
        escalate_after: \(escalate)
        signals:
          - name: e
            metric: errors.rate
            detector: {type: threshold, direction: higher_is_worse, value: 0.1, for: \(sustain)}
          - name: q
            metric: quality.score
            detector: {type: canary, direction: lower_is_worse, window: \(window)}
        """
    }

    @Test(arguments: ["1e16", "200000000000d", "9223372036854775807", "1e300", "36501d", "10000000000000000s"])
    func aHugeEscalationIsALocatedError(_ value: String) {
        let errors = problems(policy(escalate: value))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.line == 2)
        #expect(errors.first?.column == 17)
        #expect(errors.first?.message.contains("'escalate_after' is too long") == true, "\(errors)")
    }

    @Test func hugeDetectorSpansAreLocatedErrors() {
        let errors = problems(policy(sustain: "1e16", window: "200000000000d"))
        #expect(errors.map(\.line) == [6, 9], "\(errors)")
        #expect(errors.allSatisfy { $0.message.contains("too long") })
    }

    @Test func theLongestAllowedSpanStillLoads() throws {
        let c = try PolicyLoader.parse(policy(escalate: "36500d"))
        #expect(c.policy.escalateAfter == DurationText.longest)
        #expect(problems(policy(escalate: "-5")).first?.message.contains("must be a duration") == true)
    }

    @Test func aHugeMOfNIsRefused() {
        let text = policy().replacingOccurrences(of: "for: 1m}", with: "m: 1, n: 9223372036854775807}")
        #expect(problems(text).first?.message.contains("≤ 100000") == true)
    }

    @Test func durationsFromTextAreChecked() {
        #expect(Duration(exactSeconds: 1e16) == nil)
        #expect(Duration(exactSeconds: .nan) == nil)
        #expect(Duration(exactSeconds: -.infinity) == nil)
        #expect(Duration(exactSeconds: 9.2e15)?.milliseconds == 9_200_000_000_000_000_000)
        #expect(EventTime(exactSeconds: 1e17) == nil)
        #expect(Duration.seconds(1e300).milliseconds == .max)
        #expect(parseDuration("200000000000d") == nil)
        #expect(DurationText.parse("1h30m") == .success(.seconds(5400)))
    }
}
