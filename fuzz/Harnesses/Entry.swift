#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer's entry point: runs the harness named by `VIGIL_FUZZ_TARGET`
/// on one input. One binary holds every harness so the fuzz build links
/// once; `fuzz/run` sets the variable and gives each target its corpus.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.selected.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// Every harness, by the name `fuzz/run` and the seed folders use.
enum FuzzTarget: String, CaseIterable {
    case jsonl, prometheus, openmetrics, otlp, policy, theme, ledger, sanitizer

    static let selected: FuzzTarget = {
        let name = getenv("VIGIL_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            printError("vigil-fuzz: set VIGIL_FUZZ_TARGET to one of: \(known)")
            exit(2)
        }
        return target
    }()

    func run(_ input: UnsafeRawBufferPointer) {
        switch self {
        case .jsonl: NativeLineHarness.run(input)
        case .prometheus: ExpositionHarness.run(input, format: .prometheus)
        case .openmetrics: ExpositionHarness.run(input, format: .openmetrics)
        case .otlp: ExpositionHarness.run(input, format: .otlp)
        case .policy: PolicyHarness.run(input)
        case .theme: ThemeHarness.run(input)
        case .ledger: LedgerHarness.run(input)
        case .sanitizer: SanitizerHarness.run(input)
        }
    }
}

/// Stops the run with the input saved as a crash: an oracle failed.
func violated(_ what: String, _ input: UnsafeRawBufferPointer) -> Never {
    printError("vigil-fuzz: oracle failed: \(what)")
    printError("input: \(String(decoding: input, as: UTF8.self).debugDescription)")
    abort()
}

/// A line on standard error (fd 2: the C `stderr` global is not
/// concurrency-safe in Swift 6).
func printError(_ message: String) {
    var line = Array((message + "\n").utf8)
    var done = 0
    while done < line.count {
        let n = line.withUnsafeMutableBytes { write(2, $0.baseAddress! + done, $0.count - done) }
        if n <= 0 { return }
        done += n
    }
}
