import Foundation
import Testing
import VigilCore
import VigilIngest
import VigilSystem
import VigilTestSupport
@testable import VigilPrometheus

/// The poller's schedule and health, with a stub server and a clock the
/// test moves: no waiting on the wall clock.
@Suite struct PollerTests {
    final class Deliveries: @unchecked Sendable {
        private let lock = Lock()
        private var batches: [([Record], SourceHealth)] = []
        func add(_ r: [Record], _ h: SourceHealth) { lock.withLock { batches.append((r, h)) } }
        var records: [Record] { lock.withLock { batches.flatMap(\.0) } }
        var health: SourceHealth? { lock.withLock { batches.last?.1 } }
    }

    /// The `start`/`end` parameters of a request head, in seconds.
    func range(_ head: String) -> (Int64, Int64)? {
        guard let line = head.split(separator: "\r\n").first,
              let query = line.split(separator: " ").dropFirst().first?.split(separator: "?").last else { return nil }
        var p: [String: Int64] = [:]
        for kv in query.split(separator: "&") {
            let parts = kv.split(separator: "=")
            if parts.count == 2, let v = Int64(parts[1]) { p[String(parts[0])] = v }
        }
        guard let s = p["start"], let e = p["end"] else { return nil }
        return (s, e)
    }

    @Test func firstPollReadsTheLookbackThenOnlyNewStepsAndAGapAfterAnOutage() throws {
        let t0: Int64 = 1_771_063_205_000 // 5 s past a 15 s step
        let stub = try LoopbackHTTPServer { head in
            // Answer with one point per requested step, as a server would.
            guard let line = head.split(separator: "\r\n").first else { return .init(status: 400) }
            let q = String(line)
            let start = Int64(q.components(separatedBy: "start=")[1].prefix { $0.isNumber })!
            let end = Int64(q.components(separatedBy: "end=")[1].prefix { $0.isNumber })!
            return .init(body: matrixBody(series: 1, points: Int((end - start) / 15) + 1, start: start, step: 15))
        }
        defer { stub.close() }
        var source = PrometheusSource(name: "stub", baseURL: stub.url)
        source.lookback = .minutes(1)
        source.retries = 0
        source.queries = [PrometheusQuery(metric: "quality.score", promQL: "quality_score")]
        let clock = ManualClock(t0)
        let got = Deliveries()
        let poller = PrometheusPoller(source: source, client: try PrometheusClient(source: source),
                                      wallClock: { clock.now }, deliver: got.add)
        defer { poller.stop() }

        let wait = poller.poll()
        #expect(range(stub.requests[0])! == (1_771_063_140, 1_771_063_200))
        #expect(got.records.count == 5)
        #expect(abs(wait - 10.05) < 0.001)
        let h = try #require(got.health)
        #expect(h.remote && h.lastSuccess == t0 && h.unreadable == nil && h.requests == 1 && h.records == 5)

        clock.advance(15_000)
        _ = poller.poll()
        #expect(range(stub.requests[1])! == (1_771_063_215, 1_771_063_215))
        #expect(got.records.count == 6)

        stub.answer { _ in .init(status: 502, body: "bad gateway") }
        clock.advance(30_000)
        _ = poller.poll()
        #expect(got.health?.unreadable == "HTTP 502: bad gateway")
        #expect(got.health?.lastSuccess == t0 + 15_000)
        #expect(got.records.count == 6)

        stub.answer { _ in .init(body: matrixBody(series: 1, points: 3, start: 1_771_063_230, step: 15)) }
        clock.advance(15_000)
        _ = poller.poll()
        // The gap since the last good step is asked for again.
        #expect(range(stub.requests.last!)! == (1_771_063_230, 1_771_063_260))
        #expect(got.health?.unreadable == nil)
        #expect(got.records.count == 9)
        #expect(got.health?.failedRequests == 1)
    }

    @Test func samplesOfSeveralQueriesArriveInTimeOrder() throws {
        let stub = try LoopbackHTTPServer { head in
            let start: Int64 = head.contains("query=b") ? 1_771_063_140 : 1_771_063_170
            return .init(body: matrixBody(series: 1, points: 3, start: start, step: 15))
        }
        defer { stub.close() }
        var source = PrometheusSource(name: "stub", baseURL: stub.url)
        source.lookback = .minutes(1)
        source.queries = [PrometheusQuery(metric: "a", promQL: "a"), PrometheusQuery(metric: "b", promQL: "b")]
        let got = Deliveries()
        let poller = PrometheusPoller(source: source, client: try PrometheusClient(source: source),
                                      wallClock: { 1_771_063_205_000 }, deliver: got.add)
        defer { poller.stop() }
        _ = poller.poll()
        let times = got.records.map(\.time.milliseconds)
        #expect(times.count == 6 && times == times.sorted())
    }

    @Test func aStartedPollerDeliversAndStopsPromptlyWhileTheServerHangs() throws {
        let stub = try LoopbackHTTPServer { _ in .init(hang: true) }
        defer { stub.close() }
        var source = PrometheusSource(name: "stub", baseURL: stub.url)
        source.timeout = .seconds(30)
        source.queries = [PrometheusQuery(metric: "a", promQL: "a")]
        let got = Deliveries()
        let poller = PrometheusPoller(source: source, client: try PrometheusClient(source: source), deliver: got.add)
        poller.start()
        #expect(eventually(within: 10) { stub.requests.count == 1 })
        // stop() returns after the request in flight ends: the stub drops it.
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { poller.stop(); stopped.signal() }
        stub.close()
        #expect(stopped.wait(timeout: .now() + 10) == .success)
    }
}

