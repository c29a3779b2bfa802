#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VigilCore
import VigilSystem

/// A native JSON Lines recording of a `Workload`, written once into the
/// cache directory and reused (the name carries the generator version and
/// the size, so a changed generator writes a new file).
struct RecordingFile {
    static let version = 1

    let path: String
    let workload: Workload
    var bytes: Int { fileSize(path) }

    /// The throughput recording: 80 series at 1 Hz, 8 hours (2.3 M samples,
    /// about 310 MB); `--quick` takes 48 minutes of it (230 k samples).
    static func throughput(options: Options) throws -> RecordingFile {
        let hours = options.quick ? 0.8 : 8
        let w = Workload(tickMillis: 1000, ticks: Int(hours * 3600))
        return try prepare(w, name: "throughput", options: options)
    }

    static func prepare(_ w: Workload, name: String, options: Options) throws -> RecordingFile {
        try FileManager.default.createDirectory(atPath: options.cacheDir, withIntermediateDirectories: true)
        let path = "\(options.cacheDir)/\(name)-v\(version)-\(w.samples).jsonl"
        let file = RecordingFile(path: path, workload: w)
        if fileSize(path) > 0 { return file }
        progress("generating \(path) (\(w.samples) samples)…")
        let seconds = try timed { try write(w, to: path) }
        progress("generated \(mib(fileSize(path))) in \(fixed(seconds, 1)) s")
        return file
    }

    /// Writes the workload as native lines: `{"ts":…,"metric":…,"value":…,"labels":{…}}`.
    static func write(_ w: Workload, to path: String) throws {
        let partial = path + ".partial"
        let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SpawnError(description: "cannot create \(partial): \(String(cString: strerror(errno)))") }
        var out = LineWriter(fd: fd)
        // Each series' fixed text, before and after the value.
        let heads = w.series.map { Array(",\"metric\":\"\($0.metric)\",\"value\":".utf8) }
        let tails = w.series.map { Array(",\"labels\":{\"deployment\":\"\($0.deployment)\",\"variant\":\"\($0.variant)\"}}\n".utf8) }
        var second: Int64 = .min
        var stamp: [UInt8] = []   // "YYYY-MM-DDTHH:MM:SS." of the current second
        w.forEach { offset, item in
            let t = Workload.start.adding(Duration(milliseconds: offset))
            if t.milliseconds / 1000 != second {
                second = t.milliseconds / 1000
                stamp = Array(EventTime(milliseconds: second * 1000).iso8601.utf8.prefix(20))
            }
            out.append("{\"ts\":\"")
            out.append(stamp)
            out.appendDigits(Int(t.milliseconds % 1000), width: 3)
            out.append("Z\"")
            appendFields(item, heads: heads, tails: tails, colon: ":", comma: ",", to: &out)
        }
        try out.flush()
        close(fd)
        guard rename(partial, path) == 0 else { throw SpawnError(description: "cannot rename \(partial)") }
    }
}

/// A line's fields after its `ts`, and the newline: a sample's from its
/// series' fixed text before and after the value, a deploy's written out.
func appendFields(_ item: Workload.Item, heads: [[UInt8]], tails: [[UInt8]], colon: String, comma: String,
                  to out: inout LineWriter) {
    let d: Workload.Deploy
    switch item {
    case .sample(let s, let v):
        out.append(heads[s.index])
        out.appendFixed(v, decimals: s.decimals)
        out.append(tails[s.index])
        return
    case .deploy(let deploy): d = deploy
    }
    let e = d.event
    out.append("\(comma)\"event\"\(colon)\"deploy\"\(comma)\"flag\"\(colon)\"\(e.flag)\"")
    if let from = e.from { out.append("\(comma)\"from\"\(colon)\"\(from)\"") }
    out.append("\(comma)\"to\"\(colon)\"\(e.to)\"")
    if let weight = e.weight { out.append("\(comma)\"weight\"\(colon)\(Int(weight))") }
    out.append("\(comma)\"labels\"\(colon){\"deployment\"\(colon)\"\(d.deployment)\"}}\n")
}

/// Buffered writes to a file descriptor.
struct LineWriter {
    let fd: Int32
    private var buffer: [UInt8] = []
    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 20 + 4096)
    }

    mutating func append(_ b: UInt8) { buffer.append(b) }
    mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try? flush() }
    }
    mutating func append(_ s: String) { append(Array(s.utf8)) }

    /// Zero-padded decimal of a non-negative integer.
    mutating func appendDigits(_ v: Int, width: Int) {
        var digits: [UInt8] = []
        var x = v
        repeat { digits.append(UInt8(48 + x % 10)); x /= 10 } while x > 0
        if digits.count < width { for _ in digits.count..<width { buffer.append(48) } }
        buffer.append(contentsOf: digits.reversed())
    }

    /// A non-negative number with exactly `decimals` fraction digits.
    mutating func appendFixed(_ v: Double, decimals: Int) {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let n = Int((v * Double(scale)).rounded())
        appendDigits(n / scale, width: 1)
        if decimals > 0 {
            buffer.append(UInt8(ascii: "."))
            appendDigits(n % scale, width: decimals)
        }
    }

    mutating func flush() throws {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 { if errno == EINTR { continue }; throw SpawnError(description: "write failed: \(String(cString: strerror(errno)))") }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
