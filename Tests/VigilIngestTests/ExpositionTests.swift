import Foundation
import Testing
@testable import VigilIngest
import VigilCore

func parseExposition(_ text: String, openMetrics: Bool) -> Result<Exposition, ParseFailure> {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { ExpositionParser.parse($0, openMetrics: openMetrics) }
}

@Suite struct PrometheusTextTests {
    let text = """
    # HELP http_requests_total The total number of HTTP requests.
    # TYPE http_requests_total counter
    http_requests_total{method="post",code="200"} 1027 1395066363000
    http_requests_total{method="post",code="400"}    3 1395066363000

    # Escaping in label values:
    msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

    # Minimalistic line:
    metric_without_timestamp_and_labels 12.47
    # A weird metric from before the epoch:
    something_weird{problem="division by zero"} +Inf -3982045
    # TYPE http_request_duration_seconds histogram
    http_request_duration_seconds_bucket{le="0.05"} 24054
    http_request_duration_seconds_bucket{le="+Inf"} 144320
    http_request_duration_seconds_sum 53423
    http_request_duration_seconds_count 144320
    # TYPE rpc_duration_seconds summary
    rpc_duration_seconds{quantile="0.5",} 4773
    rpc_duration_seconds_sum 1.7560473e+07
    rpc_duration_seconds_count 2693\r
    """

    @Test func parsesTheReferenceExample() throws {
        let e = try parseExposition(text, openMetrics: false).get()
        let names = e.families.map(\.name)
        #expect(names == ["http_requests_total", "msdos_file_access_time_seconds", "metric_without_timestamp_and_labels",
                          "something_weird", "http_request_duration_seconds", "rpc_duration_seconds"])
        let counter = e.families[0]
        #expect(counter.kind == .counter)
        #expect(counter.help == "The total number of HTTP requests.")
        #expect(counter.samples.map(\.value) == [1027, 3])
        #expect(counter.samples[0].timestamp == 1_395_066_363_000)
        #expect(e.families[1].samples[0].label("path") == #"C:\DIR\FILE.TXT"#)
        #expect(e.families[1].samples[0].label("error") == "Cannot find file:\n\"FILE.TXT\"")
        #expect(e.families[3].samples[0].value == .infinity)
        #expect(e.families[3].samples[0].timestamp == -3_982_045)
        #expect(e.families[4].kind == .histogram && e.families[4].samples.count == 4)
        #expect(e.families[5].samples.last?.value == 2693)
    }

    @Test func reportsErrorsWithLineAndColumn() {
        guard case .failure(let f) = parseExposition("ok 1\nbad{a=\"x} 1\n", openMetrics: false) else {
            Issue.record("accepted"); return
        }
        #expect(f.line == 2 && f.column == 7)
        guard case .failure(let g) = parseExposition("a 1 2 3\n", openMetrics: false) else { Issue.record("accepted"); return }
        #expect(g.line == 1)
        guard case .failure(let h) = parseExposition("a 0x10\n", openMetrics: false) else { Issue.record("accepted"); return }
        #expect(h.description == "line 1, column 3: invalid value \"0x10\"")
        guard case .failure = parseExposition("# TYPE a blah\n", openMetrics: false) else { Issue.record("accepted"); return }
    }

    @Test func forEachRecordReadsOneScrape() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("node.prom")
        try write(text, to: path)
        var records: [Record] = []
        let health = try forEachRecord(inFile: path, format: .prometheus) { records.append($0) }
        #expect(records.count == 12)
        #expect(health.malformed == 0)
        #expect(records.first == sample(1_395_066_363_000, "http_requests_total", 1027, ["method": "post", "code": "200"]))
        // Untimed samples take the file's modification time.
        let mtime = try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        let t = records[3].time.milliseconds
        #expect(abs(Double(t) / 1000 - mtime.timeIntervalSince1970) < 0.01)
    }
}

@Suite struct OpenMetricsTests {
    @Test func samplesTimestampsAreSeconds() throws {
        let e = try parseExposition("""
        # TYPE a counter
        # UNIT a_seconds seconds
        a_total{x="1"} 3 1771063200.25 # {trace_id="abc"} 1 1771063200
        # EOF

        """.replacingOccurrences(of: "# UNIT a_seconds seconds\n", with: ""), openMetrics: true).get()
        #expect(e.families.count == 1)
        #expect(e.families[0].samples[0].timestamp == 1_771_063_200_250)
        #expect(e.families[0].samples[0].hasExemplar)
    }

    /// A family named twice clashes on all its names at once; the failure
    /// names the first in the family's own order, every time (it once came
    /// from iterating a `Set`, whose order changes from one set to the next).
    @Test func aClashingFamilyIsNamedTheSameEveryTime() {
        let text = "# TYPE a counter\na_total 1\n# TYPE b gauge\nb 1\n# TYPE a counter\na_total 2\n# EOF\n"
        for _ in 0..<50 {
            guard case .failure(let f) = parseExposition(text, openMetrics: true) else {
                Issue.record("accepted"); return
            }
            #expect(f.message == "clashing metric name a_total")
        }
    }

    @Test func rejectsWhatPrometheusAccepts() {
        for text in ["a 1\n", "a 1\n\n# EOF\n", "a{b=\"1\",} 1\n# EOF\n", "a  1\n# EOF\n", "# TYPE a untyped\n# EOF\n"] {
            guard case .failure = parseExposition(text, openMetrics: true) else {
                Issue.record("accepted \(text.debugDescription)"); continue
            }
        }
    }
}

@Suite struct ScrapeTailingTests {
    @Test func countersBecomeRatesBetweenScrapes() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("agent.prom")
        func scrape(_ requests: Int, _ accuracy: Double, at seconds: Int) throws {
            // Written atomically, as node_exporter's textfile collector expects.
            let tmp = dir.path(".agent.prom.tmp")
            try write("""
            # TYPE requests_total counter
            requests_total{deployment="support-agent"} \(requests) \(seconds * 1000)
            # TYPE quality_policy_accuracy gauge
            quality_policy_accuracy{deployment="support-agent"} \(accuracy) \(seconds * 1000)

            """, to: tmp)
            _ = rename(tmp, path)
        }
        try scrape(100, 0.9, at: 1000)
        let c = Collector()
        var o = FileTailer.Options(format: .prometheus)
        o.pollInterval = 0.02
        let t = c.tailer(path, o)
        t.start()
        defer { t.stop() }
        // The first scrape: the gauge only (a rate needs two scrapes).
        #expect(eventually { c.records == [sample(1_000_000, "quality_policy_accuracy", 0.9, ["deployment": "support-agent"])] })
        try scrape(160, 0.8, at: 1010)
        #expect(eventually { c.records.count == 3 })
        let records = c.records
        #expect(records[1] == sample(1_010_000, "requests_total", 6, ["deployment": "support-agent"]))
        #expect(records[2] == sample(1_010_000, "quality_policy_accuracy", 0.8, ["deployment": "support-agent"]))
        // A counter reset: the rate counts from zero.
        try scrape(20, 0.8, at: 1020)
        #expect(eventually { c.records.count == 5 })
        #expect(c.records[3] == sample(1_020_000, "requests_total", 2, ["deployment": "support-agent"]))
        // A broken scrape is counted and delivers nothing.
        try write("requests_total{ 1\n", to: path)
        #expect(eventually { c.health?.malformed == 1 })
        #expect(c.records.count == 5)
    }
}
