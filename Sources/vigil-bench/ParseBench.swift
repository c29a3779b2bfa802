import VigilIngest
import VigilSystem

/// The native scanner alone, beside `wc -l` over the same file (a newline
/// count: the memory-speed ceiling); warm page cache; medians. Measured two
/// ways in one run: `forEachTailedBatch` on one core (the path a watch's
/// tailer reads by), and `forEachRecordBatch` on every core (the path
/// backtests read files by).
/// The target is judged on the all-core reader; the one-core figure is shown
/// beside it, with its own share of `wc -l` (docs/decisions/0005).
enum ParseBench {
    static func run(_ options: Options) throws -> Figures {
        let file = try RecordingFile.throughput(options: options)
        let size = Double(file.bytes)
        warmPageCache(file.path)

        progress("parse: \(options.repeats) × forEachTailedBatch, forEachRecordBatch and wc -l, alternately")
        var single: [Double] = [], batched: [Double] = [], wcs: [Double] = []
        for _ in 0..<options.repeats {
            if options.reader != "all" {
                single.append(try timedScan(file) { path, count in
                    try forEachTailedBatch(inFile: path) { batch in count += batch.count }
                })
            }
            if options.reader != "one" {
                batched.append(try timedScan(file) { path, count in
                    try forEachRecordBatch(inFile: path) { batch in count += batch.count }
                })
            }
            let r = try runProcess(["wc", "-l", file.path])
            guard r.exitStatus == 0 else { throw SpawnError(description: "wc exited with \(r.exitStatus)") }
            wcs.append(r.wall)
        }
        let wc = median(wcs)
        func rate(_ t: Double) -> String {
            "\(fixed(t, 3)) s: \(fixed(size / t / 1e6, 0)) MB/s, \(si(Double(file.workload.records) / t))records/s (\(fixed(wc / t * 100, 1))% of wc -l)"
        }
        func runs(_ xs: [Double]) -> String { xs.map { fixed($0, 3) }.joined(separator: "/") }
        let reference = "wc -l: \(fixed(wc, 3)) s, \(fixed(size / wc / 1e6, 0)) MB/s"
        var figures: Figures = []
        if !batched.isEmpty {
                var all = Figure(name: "parse-only throughput", measured: "all cores " + rate(median(batched)),
                             reference: reference, target: "≥ 25% of wc -l", pass: wc / median(batched) >= 0.25)
            all.notes.append("runs: forEachRecordBatch \(runs(batched)) s, wc -l \(runs(wcs)) s (wc -l includes its process start, about 1 ms)")
            figures.append(all)
        }
        if !single.isEmpty {
            var one = Figure(name: "parse-only, one core", measured: rate(median(single)),
                             reference: reference, target: "(shown)", pass: nil)
            one.notes.append("runs: forEachTailedBatch \(runs(single)) s, wc -l \(runs(wcs)) s")
            figures.append(one)
        }
        return figures
    }

    /// Times one full read of the recording; checks it delivered every record
    /// and found nothing malformed.
    private static func timedScan(_ file: RecordingFile,
                                  _ scan: (String, inout Int) throws -> SourceHealth) throws -> Double {
        var count = 0
        var health: SourceHealth?
        let t = try timed { health = try scan(file.path, &count) }
        guard count == file.workload.records, let health, health.malformed == 0, health.records == count else {
            throw SpawnError(description: "the scanner read \(count) records (\(health?.malformed ?? -1) malformed); expected \(file.workload.records)")
        }
        return t
    }
}
