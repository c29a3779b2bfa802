// vigil-bench: measures the figures of docs/performance.md (issue 8) in one
// run and prints them beside their references and targets.
//
//   swift build -c release --scratch-path .build-bench
//   .build-bench/release/vigil-bench [--quick] [--only backtest,parse,...]
//
// Each benchmark lives in its own file: BacktestBench, ParseBench,
// ReactionBench, IdleBench, MemoryBench, FrameBench, ReplayDayBench.
import Foundation
import VigilTestSupport
import VigilSystem

func runIsolated(_ name: String, _ options: Options) throws -> Figures {
    let (output, status) = try capture([selfExecutable(), "--child", name] + options.childArguments)
    let figures = Report.decode(output)
    guard status == 0, !figures.isEmpty else {
        throw SpawnError(description: "the \(name) child exited with \(status)")
    }
    return figures
}

func selfExecutable() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}


func machineSummary(_ options: Options) -> [String] {
    let cpu = (readText("/proc/cpuinfo") ?? "").split(separator: "\n")
        .first { $0.hasPrefix("model name") }?.split(separator: ":", maxSplits: 1).last?
        .trimmingCharacters(in: .whitespaces) ?? "?"
    let commit = (try? capture(["git", "-C", packageRoot, "describe", "--always", "--dirty"]).output)?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
    let swift = (try? capture(["swift", "--version"]).output)?.split(separator: "\n").first.map(String.init) ?? "?"
    return [
        "swift:   \(swift)",
        "machine: \(ProcessInfo.processInfo.activeProcessorCount) CPUs (\(cpu)), load average \(loadAverage())",
        "commit:  \(commit.isEmpty ? "?" : commit)",
        "vigil:   \(options.vigil)",
        "mode:    \(options.quick ? "--quick (smoke sizes; not the reference figures)" : "full")",
    ]
}

let options: Options
do {
    options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
} catch let e as OptionError {
    if let m = e.message { FileHandle.standardError.write(Data("vigil-bench: \(m)\n".utf8)) }
    print(Options.usage)
    exit(e.message == nil ? 0 : 2)
}

if let child = options.child {
    do {
        print(Report.encode(try benchmark(named: child).run(options)))
        exit(0)
    } catch {
        progress("\(child): \(error)")
        exit(1)
    }
}

guard FileManager.default.isExecutableFile(atPath: options.vigil) else {
    progress("no vigil binary at \(options.vigil); build it first (swift build -c release --scratch-path .build-bench) or pass --vigil PATH")
    exit(2)
}

var figures: [Figure] = []
var failed = false
for name in options.only {
    let started = MonotonicClock.nowNanos()
    let load = loadAverage()
    do {
        let b = try benchmark(named: name)
        var produced = b.isolated ? try runIsolated(name, options) : try b.run(options)
        // Other work on the machine skews wall-clock figures: say how busy it was.
        for i in produced.indices { produced[i].notes.append("load average before: \(load), after: \(loadAverage())") }
        figures += produced
    } catch {
        failed = true
        progress("\(name) failed: \(error)")
        figures.append(Figure(name: name, measured: "did not run: \(error)", reference: "—", target: "—", pass: false))
    }
    progress("\(name) done in \(fixed(Double(MonotonicClock.nowNanos() - started) / 1e9, 1)) s")
}

print(machineSummary(options).joined(separator: "\n"))
print("")
print(Report.table(figures))
exit(failed ? 1 : 0)
