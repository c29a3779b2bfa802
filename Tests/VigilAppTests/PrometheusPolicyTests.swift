import Testing
@testable import VigilApp
import VigilCore
import VigilPrometheus
import VigilTestSupport

/// `prometheus:` sources and signals' `query:` keys in the policy.
@Suite struct PrometheusPolicyTests {
    func problems(_ text: String) -> [PolicyProblem] {
        do { _ = try PolicyLoader.parse(text); return [] } catch let e as PolicyErrors { return e.problems } catch { return [] }
    }

    @Test func signalsQueriesGoToTheirSourceWithItsSettings() throws {
        let c = try PolicyLoader.parse("""
        sources:
          - prometheus: https://prom.example:9090/prefix
            name: prod
            step: 30s
            timeout: 4s
            retries: 5
            bearer_token_env: PROM_TOKEN
            ca_file: ca.pem
            queries:
              - {metric: traffic.rpm, query: 'sum by (deployment, variant) (rate(requests_total[1m])) * 60'}
          - prometheus: http://127.0.0.1:9090
            name: local
            lookback: 3h
        signals:
          - name: accuracy
            metric: quality_policy_accuracy
            query: 'avg by (deployment, variant) (quality_policy_accuracy)'
            detector: {type: canary, direction: lower_is_worse, window: 2h}
          - name: errors
            metric: errors.rate
            query: 'errors_rate'
            source: local
            detector: {type: threshold, direction: higher_is_worse, value: 0.1}
        """)
        #expect(c.prometheus.count == 2)
        let prod = c.prometheus[0], local = c.prometheus[1]
        #expect(prod.baseURL == "https://prom.example:9090/prefix" && prod.step == .seconds(30))
        #expect(prod.timeout == .seconds(4) && prod.retries == 5 && prod.caFile == "ca.pem")
        #expect(prod.auth == .bearer(.environment("PROM_TOKEN")))
        #expect(prod.queries == [PrometheusQuery(metric: "traffic.rpm", promQL: "sum by (deployment, variant) (rate(requests_total[1m])) * 60"),
                                 PrometheusQuery(metric: "quality_policy_accuracy", promQL: "avg by (deployment, variant) (quality_policy_accuracy)")])
        // No lookback given: long enough for the canary's 2 h window.
        #expect(prod.lookback == .hours(2))
        #expect(local.queries == [PrometheusQuery(metric: "errors.rate", promQL: "errors_rate")] && local.lookback == .hours(3))
        // A Prometheus name is told its family by prefix like a dotted one.
        #expect(c.policy.signals[0].family == .quality)
    }

    @Test func aSecretWrittenIntoThePolicyIsAnErrorThatNamesTheKeyToUse() {
        let p = problems("""
        sources:
          - prometheus: http://vigil:hunter2@127.0.0.1:9090
          - prometheus: http://127.0.0.1:9091
            name: b
            bearer_token: abc.def
            basic_auth: {username: vigil, password: hunter2}
        signals:
          - {name: e, metric: errors.rate, query: errors_rate, detector: {type: threshold, direction: higher_is_worse, value: 0.1}}
        """)
        #expect(p.contains { $0.line == 2 && $0.message.contains("carries credentials") }, "\(p)")
        #expect(p.contains { $0.line == 5 && $0.message.contains("use bearer_token_file or bearer_token_env") }, "\(p)")
        #expect(p.contains { $0.line == 6 && $0.message.contains("use password_file or password_env") }, "\(p)")
        #expect(p.allSatisfy { !$0.message.contains("hunter2") && !$0.message.contains("abc.def") })
    }

    @Test func aQueryNeedsASourceAndANamedSourceMustExist() {
        let none = problems("""
        signals:
          - {name: e, metric: errors.rate, query: errors_rate, detector: {type: threshold, direction: higher_is_worse, value: 0.1}}
        """)
        #expect(none.contains { $0.message.contains("no source is a Prometheus server") }, "\(none)")
        let unknown = problems("""
        sources: [{prometheus: 'http://127.0.0.1:9090'}]
        signals:
          - {name: e, metric: errors.rate, query: errors_rate, source: nope, detector: {type: threshold, direction: higher_is_worse, value: 0.1}}
        """)
        #expect(unknown.contains { $0.message.contains("names source 'nope'") }, "\(unknown)")
        let badURL = problems("""
        sources: [{prometheus: 'ftp://x'}, {prometheus: 'http://h:1/?q=1'}, {prometheus: 'http://h:1', step: 100ms, retries: 99}]
        signals:
          - {name: e, metric: errors.rate, detector: {type: threshold, direction: higher_is_worse, value: 0.1}}
        """)
        #expect(badURL.count == 4, "\(badURL)")
    }

    @Test func relativeFilesAreThePolicyFoldersAndAWatchNeedsNoFileSource() throws {
        let dir = temporaryDirectory("prom-policy")
        try """
        sources:
          - prometheus: http://127.0.0.1:9
            bearer_token_file: token
            ca_file: certs/ca.pem
        signals:
          - {name: e, metric: errors.rate, query: errors_rate, detector: {type: threshold, direction: higher_is_worse, value: 0.1}}
        """.write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        let c = try PolicyLoader.load(path: dir + "/vigil.yaml")
        #expect(c.prometheus[0].auth == .bearer(.file(dir + "/token")))
        #expect(c.prometheus[0].caFile == dir + "/certs/ca.pem")
        // The CA file is read when the watch starts: missing, it stops the watch with the source's name.
        #expect(throws: CLIError.self) { try Session.watch(configPath: dir + "/vigil.yaml", fromStart: false, readOnly: true) }
    }
}
