#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VigilSystem

/// Seconds taken by `body`.
func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = MonotonicClock.nowNanos()
    try body()
    return Double(MonotonicClock.nowNanos() - start) / 1e9
}

func median(_ xs: [Double]) -> Double {
    precondition(!xs.isEmpty)
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Nearest-rank percentile (p in 0...100) of unsorted values.
func percentile(_ xs: [Double], _ p: Double) -> Double {
    precondition(!xs.isEmpty)
    let s = xs.sorted()
    let rank = Int((p / 100 * Double(s.count)).rounded(.up))
    return s[min(max(rank, 1), s.count) - 1]
}

/// Progress goes to stderr so stdout holds only the table.
func progress(_ message: String) {
    FileHandle.standardError.write(Data(("vigil-bench: " + message + "\n").utf8))
}

func fixed(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }

/// `1234567` → `1.23 M`, for rates and counts.
func si(_ v: Double) -> String {
    switch abs(v) {
    case 1e9...: return fixed(v / 1e9, 2) + " G"
    case 1e6...: return fixed(v / 1e6, 2) + " M"
    case 1e3...: return fixed(v / 1e3, 1) + " k"
    default: return fixed(v, 1) + " "
    }
}

func milliseconds(_ seconds: Double) -> String {
    seconds < 0.01 ? fixed(seconds * 1000, 3) + " ms" : fixed(seconds * 1000, 1) + " ms"
}

// MARK: Subprocesses

struct ProcessRun {
    var wall: Double
    var user: Double
    var system: Double
    var exitStatus: Int32
    var maxRSSKiB: Int
}

/// Waits for `pid` and returns its exit status and resource use.
func waitFor(_ pid: pid_t, startedAt start: UInt64) -> ProcessRun {
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let wall = Double(MonotonicClock.nowNanos() - start) / 1e9
    func secs(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ProcessRun(wall: wall, user: secs(usage.ru_utime), system: secs(usage.ru_stime),
                      exitStatus: code, maxRSSKiB: Int(usage.ru_maxrss))
}

/// Runs `argv` to completion with stdout to `stdout` (default /dev/null).
func runProcess(_ argv: [String], stdout: Redirect = .null, stderr: Redirect = .inherit) throws -> ProcessRun {
    let start = MonotonicClock.nowNanos()
    let pid = try ChildProcess.start(argv, stdout: stdout, stderr: stderr)
    return waitFor(pid, startedAt: start)
}

/// Runs `argv` and returns its stdout as text.
func capture(_ argv: [String]) throws -> (output: String, status: Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw SpawnError(description: "pipe failed") }
    let start = MonotonicClock.nowNanos()
    let pid: pid_t
    do {
        pid = try ChildProcess.start(argv, stdout: .descriptor(fds[1]))
    } catch { close(fds[0]); close(fds[1]); throw error }
    close(fds[1])
    var data = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(fds[0], &chunk, chunk.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        data.append(contentsOf: chunk[0..<n])
    }
    close(fds[0])
    let r = waitFor(pid, startedAt: start)
    return (String(decoding: data, as: UTF8.self), r.exitStatus)
}

// MARK: /proc

func readText(_ path: String) -> String? {
    guard let d = FileManager.default.contents(atPath: path) else { return nil }
    return String(decoding: d, as: UTF8.self)
}

let clockTicksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

/// utime + stime of a process, in clock ticks (all its threads).
func cpuTicks(_ pid: pid_t) -> Int? {
    guard let s = readText("/proc/\(pid)/stat"), let close = s.lastIndex(of: ")") else { return nil }
    let fields = s[s.index(after: close)...].split(separator: " ")
    // After the command: state(0) ppid(1) ... utime(11) stime(12).
    guard fields.count > 12, let u = Int(fields[11]), let k = Int(fields[12]) else { return nil }
    return u + k
}

/// Bytes the process has passed to write(2) and the number of such calls.
func writeCounters(_ pid: pid_t) -> (bytes: Int, calls: Int)? {
    guard let s = readText("/proc/\(pid)/io") else { return nil }
    var bytes: Int?, calls: Int?
    for line in s.split(separator: "\n") {
        let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { continue }
        if parts[0] == "wchar" { bytes = Int(parts[1]) }
        if parts[0] == "syscw" { calls = Int(parts[1]) }
    }
    guard let bytes, let calls else { return nil }
    return (bytes, calls)
}

/// Context switches (voluntary + involuntary) of each thread of a process,
/// by thread id: how often it woke up.
func contextSwitches(_ pid: pid_t) -> [String: Int] {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    var byThread: [String: Int] = [:]
    for t in tasks {
        guard let s = readText("/proc/\(pid)/task/\(t)/status") else { continue }
        var total = 0
        for line in s.split(separator: "\n")
        where line.hasPrefix("voluntary_ctxt_switches") || line.hasPrefix("nonvoluntary_ctxt_switches") {
            total += Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        }
        byThread[t] = total
    }
    return byThread
}

/// Wake-ups between two `contextSwitches` readings: threads that exist in
/// both count their difference, threads born in between count in full.
func wakeups(from a: [String: Int], to b: [String: Int]) -> Int {
    b.reduce(0) { sum, e in sum + e.value - (a[e.key] ?? 0) }
}

/// Resident set size of this process, bytes.
func residentBytes() -> Int {
    guard let s = readText("/proc/self/statm") else { return 0 }
    let f = s.split(separator: " ")
    return f.count > 1 ? (Int(f[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// Peak resident set size of this process (VmHWM), bytes.
func peakResidentBytes() -> Int {
    guard let s = readText("/proc/self/status") else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let n = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return n * 1024
    }
    return 0
}

func mib(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MiB" }

func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : -1
}

/// Reads a file once so that timed runs see it in the page cache.
func warmPageCache(_ path: String) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var buf = [UInt8](repeating: 0, count: 1 << 20)
    while read(fd, &buf, buf.count) > 0 {}
}

func loadAverage() -> String {
    (readText("/proc/loadavg") ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
}
