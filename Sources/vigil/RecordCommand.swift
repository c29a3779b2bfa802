import ArgumentParser
import Foundation
import VigilApp
import VigilCore
import VigilIngest
import VigilPrometheus

struct RecordRange: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Write a time range of a Prometheus-compatible server as native JSON Lines (an incident to replay).",
        discussion: """
        Metric = the series' __name__ (or --metric), labels = the rest. With --config, every query \
        of the policy's Prometheus source is recorded, with its authentication and TLS settings. \
        Long ranges are asked for in chunks of at most 11,000 points; progress goes to stderr.
        """)

    @Option(help: "The server's base URL, e.g. http://127.0.0.1:9090 (overrides the policy's).")
    var prometheus: String?

    @Option(help: "A PromQL expression to record (repeatable).")
    var query: [String] = []

    @Option(help: "The Vigil metric name for the --query series (default: each series' __name__).")
    var metric: String?

    @Option(help: "Record every query of this policy's Prometheus source instead of --query.")
    var config: String?

    @Option(help: "With --config: the Prometheus source's name (default: the first).")
    var source: String?

    @Option(help: "The range's start (RFC 3339, e.g. 2026-02-14T10:00:00Z).")
    var start: String

    @Option(help: "The range's end (RFC 3339).")
    var end: String

    @Option(help: "The resolution, e.g. 15s.")
    var step: String = "15s"

    @Option(help: "The JSON Lines file to write.")
    var out: String

    @Option(help: "Without --config: a file holding the bearer token.")
    var bearerTokenFile: String?

    @Option(help: "Without --config: an environment variable holding the bearer token.")
    var bearerTokenEnv: String?

    @Option(help: "Without --config: the PEM file of the certificate authorities to trust.")
    var caFile: String?

    @Option(help: "Without --config: each request's timeout.")
    var timeout: String = "30s"

    func validate() throws {
        if config == nil, query.isEmpty { throw ValidationError("give --query PROMQL (or --config POLICY)") }
        if config != nil, !query.isEmpty { throw ValidationError("--query and --config exclude each other") }
        if bearerTokenFile != nil, bearerTokenEnv != nil {
            throw ValidationError("--bearer-token-file and --bearer-token-env exclude each other")
        }
        guard parseRFC3339(start) != nil else { throw ValidationError("--start must be an RFC 3339 time, e.g. 2026-02-14T10:00:00Z") }
        guard parseRFC3339(end) != nil else { throw ValidationError("--end must be an RFC 3339 time, e.g. 2026-02-14T12:00:00Z") }
        guard let s = parseDuration(step), s.milliseconds > 0 else { throw ValidationError("--step must be a duration such as 15s") }
        guard let t = parseDuration(timeout), t.milliseconds > 0 else { throw ValidationError("--timeout must be a duration such as 30s") }
    }

    func run() throws {
        var source = try RecordCommandRunner.source(config: config, name: self.source, url: prometheus)
        if config == nil {
            source.queries = query.map { PrometheusQuery(metric: metric, promQL: $0) }
            if let f = bearerTokenFile { source.auth = .bearer(.file(f)) }
            if let e = bearerTokenEnv { source.auth = .bearer(.environment(e)) }
            source.caFile = caFile
            source.timeout = parseDuration(timeout) ?? source.timeout
        }
        let request = RecordCommandRunner.Request(source: source, start: parseRFC3339(start)!, end: parseRFC3339(end)!,
                                                  step: parseDuration(step)!, output: out)
        let summary = try RecordCommandRunner.run(request) { StandardOutput.progress($0) }
        var line = "wrote \(summary.samples) samples of \(summary.series) series in \(summary.chunks) chunk(s) to \(out)"
        if summary.skipped > 0 { line += "; \(summary.skipped) unreadable point(s) skipped" }
        if summary.warnings > 0 { line += "; \(summary.warnings) warning(s) from the server" }
        StandardOutput.progress(line)
    }
}
