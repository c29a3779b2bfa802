import Foundation
import VigilApp
import VigilCore
import VigilPrometheus
import VigilSystem
import VigilTestSupport

/// A Prometheus source with 500 series (250 deployments × baseline and
/// canary of `quality_score`, which the built-in default policy watches with
/// five detectors), answered by a loopback stub that builds each answer for
/// the range asked (so the figure includes a real HTTP round trip and JSON
/// of the real shape). The poller's clock is the benchmark's: a day of
/// 15-second polls runs as fast as the machine allows.
///
/// Figures: the first poll (1 h of lookback: 240 steps × 500 series), the
/// time of one poll afterwards (HTTP, decoding, and the engine applying 500
/// samples, as in a watch) and resident memory over a day of polls.
enum PrometheusBench {
    static let deployments = 250
    static let step: Int64 = 15_000

    static func run(_ options: Options) throws -> Figures {
        let polls = options.quick ? 600 : 5_760
        let start: Int64 = 1_771_063_200_000
        let server = try LoopbackHTTPServer { head in .init(body: answer(head)) }
        defer { server.close() }
        var source = PrometheusSource(name: "bench", baseURL: server.url)
        source.lookback = .hours(1)
        source.queries = [PrometheusQuery(metric: nil, promQL: "quality_score")]
        let clock = ManualClock(start)
        let engine = Engine(policy: DefaultPolicy.make())
        let applied = BenchCounter()
        let poller = PrometheusPoller(source: source, client: try PrometheusClient(source: source),
                                      wallClock: { clock.now }) { records, _ in
            let t0 = MonotonicClock.nowNanos()
            engine.submitAndWait(records)
            applied.add(records.count, nanos: MonotonicClock.nowNanos() - t0)
        }
        defer { poller.stop() }

        progress("prometheus: first poll, 1 h lookback of \(deployments * 2) series")
        let warm0 = MonotonicClock.nowNanos()
        _ = poller.poll()
        let warm = Double(MonotonicClock.nowNanos() - warm0) / 1e6
        let warmSamples = applied.count
        guard warmSamples == deployments * 2 * 241 else {
            throw SpawnError(description: "the first poll delivered \(warmSamples) samples, not \(deployments * 2 * 241)")
        }

        progress("prometheus: \(polls) polls of one step each (\(fixed(Double(polls) * 15 / 3600, 1)) h of 15 s steps)")
        var times: [Double] = []
        var coreTimes: [Double] = []
        var rssAt: [Int: Int] = [:]
        for i in 1...polls {
            clock.advance(step)
            let before = applied.snapshot
            let t0 = MonotonicClock.nowNanos()
            _ = poller.poll()
            times.append(Double(MonotonicClock.nowNanos() - t0) / 1e6)
            let after = applied.snapshot
            guard after.count - before.count == deployments * 2 else {
                throw SpawnError(description: "poll \(i) delivered \(after.count - before.count) samples")
            }
            coreTimes.append(Double(after.nanos - before.nanos) / 1e6)
            if i == 100 || i == polls / 2 || i == polls { rssAt[i] = residentBytes() }
        }
        let sorted = times.sorted()
        let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        let growth = (rssAt[polls] ?? 0) - (rssAt[100] ?? 0)
        var pollFigure = Figure(
            name: "Prometheus poll (500 series)",
            measured: "median \(fixed(median(times), 1)) ms, p99 \(fixed(p99, 1)) ms, max \(fixed(sorted.last ?? 0, 1)) ms",
            reference: "—",
            target: "p99 < 1 s (a 15 s step; on the poller's thread, the screen never waits)",
            pass: p99 < 1000)
        pollFigure.notes.append("of which the engine applying 500 samples: median \(fixed(median(coreTimes), 2)) ms (the engine queue is busy that long; the UI thread is not involved); HTTP over loopback to an in-process stub that builds each answer")
        let warmFigure = Figure(
            name: "Prometheus warm-up (1 h lookback, 500 series)",
            measured: "\(fixed(warm, 0)) ms for \(warmSamples) samples",
            reference: "—",
            target: "< 10 s (a watch judges at once)",
            pass: warm < 10_000)
        var memoryFigure = Figure(
            name: "Prometheus memory over \(fixed(Double(polls) * 15 / 3600, 0)) h of polls",
            measured: "RSS \(mib(rssAt[100] ?? 0)) after 100 polls, \(mib(rssAt[polls / 2] ?? 0)) at half, \(mib(rssAt[polls] ?? 0)) at the end (\(growth >= 0 ? "+" : "")\(mib(growth)))",
            reference: "—",
            target: "bounded: < 32 MiB growth after the first 100 polls",
            pass: growth < 32 << 20)
        memoryFigure.notes.append("the engine's own state is bounded by the detectors' windows (docs/performance.md, memory); the poller keeps one timestamp per query")
        return [warmFigure, pollFigure, memoryFigure]
    }

    /// A `query_range` answer for the steps the request asks for.
    static func answer(_ head: String) -> String {
        func parameter(_ name: String) -> Int64 {
            guard let r = head.range(of: name + "=") else { return 0 }
            return Int64(head[r.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        let (from, to) = (parameter("start"), parameter("end"))
        var out = #"{"status":"success","data":{"resultType":"matrix","result":["#
        for d in 0..<deployments {
            for (v, variant) in ["baseline", "canary"].enumerated() {
                if d > 0 || v > 0 { out += "," }
                out += #"{"metric":{"__name__":"quality_score","deployment":"tenant-\#(d)","variant":"\#(variant)"},"values":["#
                var t = from
                var first = true
                while t <= to {
                    if !first { out += "," }
                    first = false
                    // A deterministic wobble around 0.9.
                    let x = Double((t / 15 + Int64(d * 7 + v)) % 17) / 400
                    out += "[\(t),\"\(0.88 + x)\"]"
                    t += 15
                }
                out += "]}"
            }
        }
        return out + "]}}"
    }
}

final class BenchCounter: @unchecked Sendable {
    private let lock = Lock()
    private var total = 0
    private var spent: UInt64 = 0
    func add(_ n: Int, nanos: UInt64) { lock.withLock { total += n; spent += nanos } }
    var count: Int { lock.withLock { total } }
    var snapshot: (count: Int, nanos: UInt64) { lock.withLock { (total, spent) } }
}
