import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport

@Suite struct PolicyLoaderTests {
    @Test func everyFixturePolicyLoadsWithoutErrors() throws {
        for name in BacktestTests.incidents {
            let c = try PolicyLoader.load(path: packageRoot + "/fixtures/incidents/\(name)/vigil.yaml")
            #expect(!c.policy.signals.isEmpty, "\(name)")
        }
    }

    @Test func reportsEveryProblemWithLineAndColumn() {
        let text = """
        name: broken
        signals:
          - name: a
            metric: quality.x
            detector: {type: canary, direction: sideways}
          - name: b
            metric: errors.rate
            detector: {type: threshold, direction: higher_is_worse}
          - name: c
            metric: errors.rate
            no_data: shrug
            detector: {type: teleport}
        """
        #expect(throws: PolicyErrors.self) { try PolicyLoader.parse(text) }
        do {
            _ = try PolicyLoader.parse(text)
        } catch let e as PolicyErrors {
            let errors = e.problems.filter { $0.severity == .error }
            #expect(errors.count == 4, "\(e.problems)")
            #expect(errors.contains { $0.line == 5 && $0.message.contains("sideways") })
            #expect(errors.contains { $0.line == 8 && $0.message.contains("value") })
            #expect(errors.contains { $0.line == 11 && $0.message.contains("shrug") })
            #expect(errors.contains { $0.line == 12 && $0.message.contains("teleport") })
            #expect(errors.allSatisfy { $0.column > 0 })
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func costsAndRejectMuteAreReadAndChecked() throws {
        let signal = """
        signals:
          - name: e
            metric: errors.rate
            detector: {type: threshold, value: 0.1, direction: higher_is_worse}
        """
        let c = try PolicyLoader.parse("name: a\nreject_mute: 45m\ncosts: {traffic_shift: 5000, escalate: 10}\n" + signal)
        #expect(c.policy.rejectMute == .minutes(45))
        #expect(c.policy.costs[.trafficShift] == 5000 && c.policy.costs[.escalate] == 10)
        #expect(c.policy.costs[.rollback] == ResponseCost.defaults[.rollback])
        let defaults = try PolicyLoader.parse("name: a\n" + signal).policy
        #expect(defaults.rejectMute == .minutes(30) && defaults.costs == ResponseCost.defaults)
        do {
            _ = try PolicyLoader.parse("name: a\ncosts: {rollback: -1, shift: 3, degrade: lots}\nreject_mute: soon\n" + signal)
            Issue.record("bad costs must not load")
        } catch let e as PolicyErrors {
            let messages = e.problems.map(\.message)
            #expect(messages.contains { $0.contains("costs.rollback must be between 0") })
            #expect(messages.contains { $0.contains("unknown response kind 'shift'") })
            #expect(messages.contains { $0.contains("'costs.degrade' must be a number") })
            #expect(messages.contains { $0.contains("'reject_mute' must be a duration") })
        }
    }

    @Test func anomalyDetectorNeedsNoParameter() throws {
        let c = try PolicyLoader.parse("""
        name: a
        signals:
          - name: any
            metric: behavior.x
            detector: {type: anomaly}
          - name: errors
            metric: http.error_rate
            detector: {type: anomaly, direction: higher_is_worse, count: http.requests}
        """)
        #expect(c.policy.signals[0].detector == .anomaly(AnomalySpec(direction: .both)))
        #expect(c.policy.signals[1].detector
            == .anomaly(AnomalySpec(direction: .higherIsWorse, countMetric: "http.requests")))
        #expect(throws: PolicyErrors.self) {
            try PolicyLoader.parse("name: b\nsignals:\n  - {name: s, metric: m, detector: {type: anomaly, direction: up}}\n")
        }
    }

    @Test func unknownKeysAreWarningsNotSilence() throws {
        let c = try PolicyLoader.parse("""
        name: p
        escalate_afer: 5m
        signals:
          - name: e
            metric: errors.rate
            detector: {type: threshold, direction: higher_is_worse, value: 0.1, for: 1m30s}
        """)
        #expect(c.warnings.count == 1)
        #expect(c.warnings.first?.line == 2)
        guard case .threshold(let t) = c.policy.signals.first?.detector else { Issue.record("not a threshold"); return }
        #expect(t.sustain == .seconds(90))
    }

    @Test func rulesMustNameKnownSignals() {
        #expect(throws: PolicyErrors.self) {
            try PolicyLoader.parse("""
            signals:
              - {name: e, metric: errors.rate, detector: {type: threshold, direction: higher_is_worse, value: 1}}
            rules:
              - {name: r, all: [e, ghost]}
            """)
        }
        let c = try? PolicyLoader.parse("""
        signals:
          - {name: e, metric: errors.rate, detector: {type: threshold, direction: higher_is_worse, value: 1}}
          - {name: q, metric: quality.x, detector: {type: canary, direction: lower_is_worse}}
        rules:
          - {name: r, any: [e, q]}
        """)
        #expect(c?.policy.rules == [CompositeRule(name: "r", combinator: .any, signals: ["e", "q"])])
    }

    @Test func durationsParse() {
        #expect(parseDuration("1h30m") == .seconds(5400))
        #expect(parseDuration("500ms") == Duration(milliseconds: 500))
        #expect(parseDuration("2d") == .hours(48))
        #expect(parseDuration("45") == .seconds(45))
        #expect(parseDuration("5x") == nil)
        #expect(parseDuration("m") == nil)
        #expect(parseDuration("") == nil)
    }
}
