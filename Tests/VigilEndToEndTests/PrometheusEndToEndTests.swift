import Foundation
import VigilSystem
import VigilTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `vigil record` and `vigil watch --headless` through a real Prometheus:
/// history backfilled with promtool, the server on a loopback port.
@Suite(.serialized, .enabled(if: RealPrometheus.installed, Comment(rawValue: RealPrometheus.missing)))
struct PrometheusEndToEndTests {
    /// Two hours of a canary's error rate ending a minute ago: 2% until ten
    /// minutes ago, then 30%.
    static func history(now: Int64) -> String {
        let end = now - 60
        var samples: [(labels: String, value: Double, time: Int64)] = []
        for variant in ["baseline", "canary"] {
            for t in stride(from: end - 7200, through: end, by: 15) {
                let bad = variant == "canary" && t > end - 600
                samples.append(("deployment=\"support-agent\",variant=\"\(variant)\"", bad ? 0.3 : 0.02, t))
            }
        }
        return openMetrics([(name: "errors_rate", samples: samples)])
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    func policy(_ dir: String, url: String, extraSource: String = "") throws -> String {
        let path = dir + "/vigil.yaml"
        try """
        name: prometheus-e2e
        escalate_after: never
        sources:
          - prometheus: \(url)
            name: prod
            step: 1s
            lookback: 30m
            timeout: 5s
            retries: 0
        \(extraSource)
        signals:
          - name: error-rate
            metric: errors.rate
            query: errors_rate{deployment="support-agent"}
            detector: {type: threshold, direction: higher_is_worse, value: 0.1, for: 1m}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func recordWritesTheRangeAsNativeLinesInChunksAndBacktestJudgesIt() throws {
        let now = Self.now
        let server = try RealPrometheus(openMetrics: Self.history(now: now))
        defer { server.stop() }
        let out = server.dir + "/incident.jsonl"
        let start = now - 3 * 3600, end = now
        let r = try vigil(["record", "--prometheus", server.url, "--query", "errors_rate",
                           "--start", iso(start), "--end", iso(end), "--step", "1s", "--out", out])
        #expect(r.status == 0, "\(r.output)")
        // 3 hours at 1 s are 10,801 points: one request (the limit is 11,000); 4 hours take two.
        #expect(r.output.contains("chunk 1/1"), "\(r.output)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.contains(#""metric":"errors_rate""#) == true, "\(lines.first ?? "")")
        #expect(lines.first?.contains(#""labels":{"deployment":"support-agent","variant":"baseline"}"#) == true)
        #expect(lines.contains { $0.contains(#""value":0.3"#) })

        let long = try vigil(["record", "--config", try policy(server.dir, url: server.url), "--start", iso(now - 4 * 3600),
                              "--end", iso(now), "--step", "1s", "--out", server.dir + "/long.jsonl"])
        #expect(long.status == 0, "\(long.output)")
        #expect(long.output.contains("chunk 2/2"), "\(long.output)")
        let recorded = try String(contentsOfFile: server.dir + "/long.jsonl", encoding: .utf8)
        #expect(recorded.contains(#""metric":"errors.rate""#))

        // The recording is an incident: a backtest with the policy finds the failure.
        let backtest = try vigil(["backtest", server.dir + "/long.jsonl", "--config", server.dir + "/vigil.yaml", "--format", "json"])
        #expect(backtest.output.contains("error-rate"), "\(backtest.output)")
    }

    @Test func watchJudgesAtOnceFromHistoryAndReportsTheServerGoingDownAndBack() throws {
        let server = try RealPrometheus(openMetrics: Self.history(now: Self.now))
        defer { server.stop() }
        let config = try policy(server.dir, url: server.url)
        let watch = try HeadlessWatch(config: config, dir: server.dir)
        defer { watch.stop() }
        // Warmed from the lookback: the alert and the proposal come at once,
        // not after a minute of live samples.
        try watch.expect(within: 60) { $0.contains(#""type":"source","source":"prod","status":"ok""#) }
        try watch.expect(within: 60) { $0.contains(#""type":"alert","signal":"error-rate""#) }
        try watch.expect(within: 60) { $0.contains(#""type":"proposal""#) }

        server.stop()
        try watch.expect(within: 60) { $0.contains(#""source":"prod","status":"unreadable""#) && $0.contains("cannot connect") }
        try server.start()
        try watch.expect(within: 60) { $0.components(separatedBy: #""source":"prod","status":"ok""#).count == 3 }
    }

    @Test func watchReadsAServerBehindTLSWithItsOwnCA() throws {
        let server = try RealPrometheus(openMetrics: Self.history(now: Self.now), tls: true)
        defer { server.stop() }
        let config = try policy(server.dir, url: server.url, extraSource: "    ca_file: ca.pem")
        let watch = try HeadlessWatch(config: config, dir: server.dir)
        defer { watch.stop() }
        try watch.expect(within: 60) { $0.contains(#""type":"alert","signal":"error-rate""#) }
        watch.stop()

        // Without the CA the certificate is not trusted, and the stream says so.
        let untrusted = try policy(server.dir, url: server.url)
        let refused = try HeadlessWatch(config: untrusted, dir: server.dir)
        defer { refused.stop() }
        try refused.expect(within: 60) { $0.contains(#""source":"prod","status":"unreadable""#) }
    }
}

func iso(_ seconds: Int64) -> String {
    let f = ISO8601DateFormatter()
    return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}

/// `vigil watch --headless` in the background, its stdout in a file the test reads.
final class HeadlessWatch {
    let output: String
    private var pid: pid_t

    init(config: String, dir: String) throws {
        output = dir + "/watch-\(UUID().uuidString.prefix(6)).out"
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        pid = try ChildProcess.start([try vigilBinary(), "watch", "--config", config, "--headless"], environment: env,
                                     stdout: .path(output, append: false), stderr: .path(output + ".err", append: false))
    }

    var text: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

    func expect(within seconds: Double, _ condition: @escaping (String) -> Bool) throws {
        guard eventually(within: seconds, pollEvery: 0.05, { condition(self.text) }) else {
            let err = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            throw E2EError("the headless watch did not print what was expected within \(seconds) s.\nstdout:\n\(text)\nstderr:\n\(err)")
        }
    }

    func stop() { terminate(&pid) }

    deinit { stop() }
}
