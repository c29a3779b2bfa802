import Foundation
import VigilCore
import VigilIngest
import VigilSystem

/// A Prometheus-compatible server as a live source: on its own thread it
/// asks every query for the steps since the last poll, at each multiple of
/// the step, and hands the samples (in time order) and the source's health
/// to `deliver`. The first poll reads `lookback` of history, so a freshly
/// started watch has warm detectors; a poll after an outage reads the gap
/// (at most `lookback` of it).
///
/// `deliver` may block (the live input waits for the engine): the poller
/// then falls behind and catches up in its next poll, instead of queueing
/// samples without bound.
public final class PrometheusPoller: @unchecked Sendable {
    public typealias Deliver = @Sendable ([Record], SourceHealth) -> Void

    public let source: PrometheusSource
    private let client: PrometheusClient
    private let wallClock: @Sendable () -> Int64
    private let deliver: Deliver
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let lock = Lock()
    private var stopping = false
    private var running = false
    /// Owned by the polling thread.
    private var state: PollState

    /// `wallClock` is milliseconds since the epoch (tests pass their own).
    public init(source: PrometheusSource, client: PrometheusClient,
                wallClock: @escaping @Sendable () -> Int64 = { WallClock.nowMillis() },
                deliver: @escaping Deliver) {
        self.source = source
        self.client = client
        self.wallClock = wallClock
        self.deliver = deliver
        state = PollState(source: source)
    }

    public func start() {
        guard lock.withLock({ () -> Bool in defer { running = true }; return !running && !stopping }) else { return }
        let thread = Thread { [self] in
            deliver([], state.health)
            while !isStopping {
                let delay = poll()
                if !pause(delay) { break }
            }
            client.shutdown()
            finished.signal()
        }
        thread.name = "vigil.prometheus"
        thread.start()
    }

    /// Stops polling (an attempt in flight ends by its timeout) and waits for the thread.
    public func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            guard !stopping else { return false }
            stopping = true
            return running
        }
        wake.signal()
        if wasRunning { finished.wait() } else { client.shutdown() }
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    /// Waits `seconds`; false when stopped meanwhile.
    private func pause(_ seconds: Double) -> Bool {
        if isStopping { return false }
        guard seconds > 0 else { return true }
        if wake.wait(timeout: .now() + seconds) == .success { return false }
        return !isStopping
    }

    /// One poll: every query from its next step to now, chunk by chunk.
    /// Returns the seconds until the next poll is due. `start` runs it on the
    /// poller's thread; tests and the benchmark call it with their own clock
    /// (never while the thread runs).
    public func poll() -> Double {
        let now = wallClock()
        let plan = state.plan(now: now)
        for chunk in plan.chunks {
            var records: [Record] = []
            for (i, query) in source.queries.enumerated() where plan.starts[i] <= chunk.end {
                let part = RangeChunk(start: max(plan.starts[i], chunk.start), end: chunk.end)
                let began = MonotonicClock.nowNanos()
                let (result, attempts) = retrying(retries: source.retries, wait: pause) {
                    client.queryRange(query.promQL, chunk: part, step: state.step)
                }
                let latency = Int((MonotonicClock.nowNanos() - began) / 1_000_000)
                switch result {
                case .success(var answer):
                    records += answer.records(metric: query.metric)
                    state.succeeded(query: i, through: chunk.end, answer: answer, attempts: attempts,
                                    latency: latency, at: wallClock())
                case .failure(let error):
                    state.failed(error, attempts: attempts, latency: latency)
                    hand(records)
                    if case .rateLimited(let after?) = error { return max(after, 0.05) }
                    return state.secondsToNextStep(now: wallClock())
                }
                if isStopping { return 0 }
            }
            hand(records)
        }
        if plan.chunks.isEmpty { deliver([], state.health) }
        return state.secondsToNextStep(now: wallClock())
    }

    private func hand(_ records: [Record]) {
        let ordered = timeOrdered(records)
        state.count(ordered)
        deliver(ordered, state.health)
    }
}

/// What a poller remembers between polls: the next step of each query and
/// the source's health. O(queries), whatever runs for how long.
struct PollState {
    let step: Int64
    let lookback: Int64
    /// The first evaluation time each query has not read yet (nil: never polled).
    var next: [Int64?]
    var health: SourceHealth

    init(source: PrometheusSource) {
        step = max(1, source.step.milliseconds)
        lookback = max(0, source.lookback.milliseconds)
        next = Array(repeating: nil, count: source.queries.count)
        health = SourceHealth(source: source.name, remote: true)
    }

    /// Where each query starts and the chunks from the earliest start to now.
    func plan(now: Int64) -> (starts: [Int64], chunks: [RangeChunk]) {
        let end = alignDown(now, step: step)
        let earliest = alignDown(now - lookback, step: step)
        let starts = next.map { max($0 ?? earliest, earliest) }
        guard let first = starts.min() else { return ([], []) }
        return (starts, rangeChunks(start: first, end: end, step: step))
    }

    mutating func succeeded(query i: Int, through end: Int64, answer: RangeAnswer, attempts: Int,
                            latency: Int, at now: Int64) {
        next[i] = end + step
        health.requests += attempts
        health.failedRequests += attempts - 1
        health.latencyMilliseconds = latency
        health.lastSuccess = now
        health.unreadable = nil
        health.malformed += answer.problemCount
        if let p = answer.problems.last { health.lastError = p }
        if !answer.warnings.isEmpty {
            health.warnings += answer.warnings.count
            health.lastWarning = answer.warnings.last
        }
    }

    mutating func failed(_ error: PrometheusError, attempts: Int, latency: Int) {
        health.requests += attempts
        health.failedRequests += attempts
        health.latencyMilliseconds = latency
        health.lastError = error.description
        health.unreadable = error.description
        if case .badResponse = error { health.malformed += 1 }
        if case .tooLarge = error { health.oversized += 1 }
    }

    mutating func count(_ records: [Record]) {
        for r in records {
            health.records += 1
            if case .sample(let s) = r, !s.value.isFinite { health.nonFinite += 1 }
        }
    }

    /// Seconds from `now` to the next multiple of the step (a little after,
    /// so the server has evaluated it).
    func secondsToNextStep(now: Int64) -> Double {
        let due = alignDown(now, step: step) + step
        return Double(due - now) / 1000 + 0.05
    }
}
