import Foundation
import VigilCore
import VigilIngest
import VigilPrometheus

/// What `vigil record` does: a time range of a Prometheus-compatible server
/// as native JSON Lines, so a past rollout becomes an incident to replay and
/// backtest.
public enum RecordCommandRunner {
    public struct Request {
        public var source: PrometheusSource
        public var start: EventTime
        public var end: EventTime
        public var step: Duration
        public var output: String

        public init(source: PrometheusSource, start: EventTime, end: EventTime, step: Duration, output: String) {
            self.source = source; self.start = start; self.end = end; self.step = step; self.output = output
        }
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var samples = 0
        public var series = 0
        public var chunks = 0
        /// Points the server sent that could not be read (skipped).
        public var skipped = 0
        public var warnings = 0
    }

    /// The source to record from: the policy's Prometheus source (`name`, else
    /// the first) with every query it polls, or one built from the flags.
    public static func source(config: String?, name: String?, url: String?) throws -> PrometheusSource {
        guard let config else {
            guard let url else { throw CLIError("name the server with --prometheus URL (or a policy with --config)") }
            if let problem = NodeReader.urlProblem(url) { throw CLIError("--prometheus: \(problem)") }
            return PrometheusSource(name: url, baseURL: url)
        }
        let policy = try PolicyLoader.load(path: config)
        let candidates = policy.prometheus
        guard !candidates.isEmpty else { throw CLIError("\(config) has no prometheus source to record from") }
        var source: PrometheusSource
        if let name {
            guard let s = candidates.first(where: { $0.name == name }) else {
                throw CLIError("\(config) has no prometheus source named '\(name)'; it has \(candidates.map(\.name).joined(separator: ", "))")
            }
            source = s
        } else { source = candidates[0] }
        if let url { source.baseURL = url }
        guard !source.queries.isEmpty else { throw CLIError("source \(source.name) in \(config) has no query to record") }
        return source
    }

    /// Asks every query for the range, chunk by chunk (at most 11,000 points
    /// a series each), and writes the samples in time order. The file appears
    /// only when complete: a failure leaves no half recording. `progress`
    /// gets a line per chunk.
    public static func run(_ r: Request, environment: [String: String] = ProcessInfo.processInfo.environment,
                           progress: (String) -> Void) throws -> Summary {
        guard r.step.milliseconds > 0 else { throw CLIError("--step must be more than 0s") }
        guard r.start <= r.end else { throw CLIError("--start \(r.start.iso8601) is after --end \(r.end.iso8601)") }
        let chunks = rangeChunks(start: r.start.milliseconds, end: r.end.milliseconds, step: r.step.milliseconds)
        guard !chunks.isEmpty else { throw CLIError("no step of \(r.step) lies between --start and --end") }
        let client: PrometheusClient
        do { client = try PrometheusClient(source: r.source, environment: environment) } catch {
            throw CLIError("\(r.source.name): \(error)")
        }
        defer { client.shutdown() }
        let temporary = r.output + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let file = FileHandle(forWritingAtPath: temporary) else {
            throw CLIError("cannot write \(temporary)")
        }
        var summary = Summary()
        var series = Set<Int>()
        do {
            defer { try? file.close() }
            for (n, chunk) in chunks.enumerated() {
                var records: [Record] = []
                for query in r.source.queries {
                    let (result, _) = retrying(retries: r.source.retries, wait: { Thread.sleep(forTimeInterval: $0); return true }) {
                        client.queryRange(query.promQL, chunk: chunk, step: r.step.milliseconds)
                    }
                    var answer: RangeAnswer
                    switch result {
                    case .success(let a): answer = a
                    case .failure(let e): throw CLIError("\(r.source.name): \(e) (query \(query.promQL))")
                    }
                    if query.metric == nil, answer.series.contains(where: { $0.name == nil }) {
                        throw CLIError("the result of \(query.promQL) has series without __name__ (an expression); name them with --metric")
                    }
                    records += answer.records(metric: query.metric)
                    summary.skipped += answer.problemCount
                    summary.warnings += answer.warnings.count
                    for w in answer.warnings { progress("warning from \(r.source.name): \(w)") }
                    for s in answer.series { series.insert(s.hashValueIgnoringPoints(metric: query.metric)) }
                }
                let ordered = timeOrdered(records)
                var bytes: [UInt8] = []
                for record in ordered { appendNativeLine(record, to: &bytes); bytes.append(UInt8(ascii: "\n")) }
                try file.write(contentsOf: Data(bytes))
                summary.samples += ordered.count
                summary.chunks += 1
                progress("chunk \(n + 1)/\(chunks.count) \(EventTime(milliseconds: chunk.start).iso8601) → \(EventTime(milliseconds: chunk.end).iso8601): \(ordered.count) samples")
            }
            try file.synchronize()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, r.output) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CLIError("cannot move \(temporary) to \(r.output)")
        }
        summary.series = series.count
        return summary
    }
}

private extension RangeSeries {
    /// The identity of the Vigil series it becomes.
    func hashValueIgnoringPoints(metric: String?) -> Int {
        var h = Hasher()
        h.combine(metric ?? name)
        h.combine(labels)
        return h.finalize()
    }
}
