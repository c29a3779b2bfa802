import Foundation

/// Command-line options of vigil-bench.
struct Options: Sendable {
    static let benchmarks = vigil_bench.benchmarks.map(\.name)

    var quick = false
    /// Every benchmark but nab, which runs only with --nab-dir.
    var only: [String] = Options.benchmarks.filter { $0 != "nab" }
    /// The NAB developer split (data, scorer, vigil_nab.py) for the nab figure.
    var nabDir: String?
    /// The `vigil` binary for the subprocess figures: by default the one next to vigil-bench.
    var vigil: String
    /// Where generated recordings are kept between runs.
    var cacheDir: String
    var repeats = 5
    var idleSeconds: Double?
    var reactionTrials = 200
    /// Hours of event time for the replay figure (default 24; 1 with --quick).
    var replayHours: Double?
    /// Also time the batched (ReplayDriver) path of the replay figure.
    var replayBatched = true
    /// The parse figure times only this reader ("one" or "all"), e.g. for profiling.
    var reader: String?
    /// Internal: run one benchmark in this (fresh) process and print encoded figures.
    var child: String?

    static let usage = """
    usage: vigil-bench [--quick] [--only NAME[,NAME...]] [--vigil PATH] [--cache DIR]
                       [--repeat N] [--idle-seconds S] [--trials N]
                       [--replay-hours H] [--no-batched] [--reader one|all]
                       [--nab-dir DIR]

    Measures the figures of docs/performance.md and prints them beside their
    references and targets. Build in release mode first:

        swift build -c release --scratch-path .build-bench
        .build-bench/release/vigil-bench

    benchmarks: \(benchmarks.joined(separator: ", "))
    --quick     smaller inputs and a 10 s idle window, for a smoke run
    --repeat N  timed runs per subprocess figure (median is reported; default 5)
    --replay-hours H, --no-batched
                a shorter replay (projected to 24 h) and only the headless path,
                e.g. for callgrind
    --reader one|all
                the parse figure times only the one-core or the all-core reader
    --nab-dir DIR
                adds the nab figure: the anomaly detector's NAB score on the
                split in DIR (its data, nab_score.py and vigil_nab.py; python3)
    """

    init(arguments: [String]) throws {
        let exe = URL(fileURLWithPath: selfExecutable())
        vigil = exe.deletingLastPathComponent().appendingPathComponent("vigil").path
        let env = ProcessInfo.processInfo.environment
        cacheDir = (env["VIGIL_BENCH_CACHE"] ?? NSTemporaryDirectory() + "vigil-bench-cache")
        var args = arguments[...]
        var onlyGiven = false
        func value(_ flag: String) throws -> String {
            guard let v = args.popFirst() else { throw OptionError("\(flag) needs a value") }
            return v
        }
        /// The flag's value as a number greater than zero and at most `limit`
        /// (which also keeps out "inf", and sleeps too long to express).
        func positive<N: LosslessStringConvertible & Comparable & Numeric>(_ flag: String, atMost limit: N) throws -> N {
            guard let n = N(try value(flag)), n > 0 else { throw OptionError("\(flag) needs a positive number") }
            guard n <= limit else { throw OptionError("\(flag) is at most \(limit)") }
            return n
        }
        while let a = args.popFirst() {
            switch a {
            case "--quick": quick = true
            case "--only":
                onlyGiven = true
                only = try value(a).split(separator: ",").map(String.init)
                for n in only where !Self.benchmarks.contains(n) {
                    throw OptionError("unknown benchmark '\(n)'; choose from \(Self.benchmarks.joined(separator: ", "))")
                }
            case "--vigil": vigil = try value(a)
            case "--cache": cacheDir = try value(a)
            case "--repeat": repeats = try positive(a, atMost: 1_000)
            case "--idle-seconds": idleSeconds = try positive(a, atMost: 3_600.0)
            case "--trials": reactionTrials = try positive(a, atMost: 100_000)
            case "--replay-hours": replayHours = try positive(a, atMost: 24.0)
            case "--no-batched": replayBatched = false
            case "--reader":
                let r = try value(a)
                guard r == "one" || r == "all" else { throw OptionError("--reader is one or all") }
                reader = r
            case "--nab-dir": nabDir = try value(a)
            case "--child": child = try value(a)
            case "-h", "--help": throw OptionError(nil)
            default: throw OptionError("unknown option '\(a)'")
            }
        }
        if nabDir != nil && !onlyGiven { only.append("nab") }
    }

    /// Arguments that reproduce these options in a child process.
    var childArguments: [String] {
        var a: [String] = []
        if quick { a.append("--quick") }
        a += ["--vigil", vigil, "--cache", cacheDir, "--repeat", String(repeats)]
        if let h = replayHours { a += ["--replay-hours", String(h)] }
        if !replayBatched { a.append("--no-batched") }
        if let r = reader { a += ["--reader", r] }
        return a
    }
}

struct OptionError: Error {
    var message: String?
    init(_ message: String?) { self.message = message }
}
