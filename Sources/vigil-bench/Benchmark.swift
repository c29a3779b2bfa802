/// One benchmark. An `isolated` one needs a fresh heap (resident memory is
/// part of what it reports), so it runs in a child process of this binary.
struct Benchmark: Sendable {
    let name: String
    let isolated: Bool
    let run: @Sendable (Options) throws -> Figures
}

/// Every benchmark, in the order the report lists them.
let benchmarks: [Benchmark] = [
    Benchmark(name: "backtest", isolated: false, run: BacktestBench.run),
    Benchmark(name: "forms", isolated: false, run: FormsBench.run),
    Benchmark(name: "parse", isolated: false, run: ParseBench.run),
    Benchmark(name: "catchup", isolated: false, run: CatchUpBench.run),
    Benchmark(name: "reaction", isolated: false, run: ReactionBench.run),
    Benchmark(name: "idle", isolated: false, run: IdleBench.run),
    Benchmark(name: "memory", isolated: true, run: MemoryBench.run),
    Benchmark(name: "frame", isolated: false, run: FrameBench.run),
    Benchmark(name: "replay", isolated: true, run: ReplayDayBench.run),
    Benchmark(name: "healthy", isolated: false, run: DetectionBench.healthy),
    Benchmark(name: "nab", isolated: false, run: DetectionBench.nab),
    Benchmark(name: "scenarios", isolated: false, run: ScenarioBench.run),
    Benchmark(name: "prometheus", isolated: true, run: PrometheusBench.run),
]

func benchmark(named name: String) throws -> Benchmark {
    guard let b = benchmarks.first(where: { $0.name == name }) else { throw OptionError("unknown benchmark '\(name)'") }
    return b
}
