import VigilIngest

/// The native scanner alone: `forEachRecord` counting records in the
/// recording, in this process, beside `wc -l` over the same file (a newline
/// count: the memory-speed ceiling). Warm page cache; medians.
enum ParseBench {
    static func run(_ options: Options) throws -> Figures {
        let file = try RecordingFile.throughput(options: options)
        let size = Double(file.bytes)
        warmPageCache(file.path)

        progress("parse: \(options.repeats) × forEachRecord, \(options.repeats) × wc -l")
        var scans: [Double] = []
        var health: SourceHealth?
        var count = 0
        for _ in 0..<options.repeats {
            count = 0
            scans.append(try timed {
                health = try forEachRecord(inFile: file.path, format: .jsonl) { _ in count += 1 }
            })
        }
        guard count == file.workload.records, let health, health.malformed == 0 else {
            throw SpawnError(description: "the scanner read \(count) records (\(health?.malformed ?? -1) malformed); expected \(file.workload.records)")
        }
        var wcs: [Double] = []
        for _ in 0..<options.repeats {
            let r = try runProcess(["wc", "-l", file.path])
            guard r.exitStatus == 0 else { throw SpawnError(description: "wc exited with \(r.exitStatus)") }
            wcs.append(r.wall)
        }
        let scan = median(scans)
        let wc = median(wcs)
        let share = wc / scan
        var f = Figure(
            name: "parse-only throughput",
            measured: "\(fixed(scan, 3)) s: \(fixed(size / scan / 1e6, 0)) MB/s, \(si(Double(count) / scan))records/s (\(fixed(share * 100, 1))% of wc -l)",
            reference: "wc -l: \(fixed(wc, 3)) s, \(fixed(size / wc / 1e6, 0)) MB/s",
            target: "≥ 25% of wc -l",
            pass: share >= 0.25)
        f.notes.append("runs: forEachRecord \(scans.map { fixed($0, 3) }.joined(separator: "/")) s, wc -l \(wcs.map { fixed($0, 3) }.joined(separator: "/")) s (wc -l includes its process start, about 1 ms)")
        return [f]
    }
}
