#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VigilCore
import VigilSystem

/// The throughput workload's samples written the other ways producers write
/// them (issue 19): the same series, times and values, so each form's
/// figure differs only by how its lines are spelled.
enum RecordingForm: String, CaseIterable {
    /// The bench's own recording: compact, `ts` an RFC 3339 string.
    case compactISO = "compact-iso"
    /// Compact, `ts` as epoch seconds with milliseconds (`1771063200.250`).
    case compactEpoch = "compact-epoch"
    /// Python's `json.dumps` defaults: `", "` and `": "` (ISO `ts`).
    case pythonSpaced = "python-spaced"
    /// Prometheus text: one family per metric (`.` written `_`), every
    /// sample with its millisecond timestamp.
    case prometheus
    /// OTLP JSON metrics, one `ExportMetricsServiceRequest` per second of
    /// the workload (its 80 points as gauges).
    case otlp

    /// Native forms are backtested; the others are read by `vigil parse`.
    var isNative: Bool { self != .prometheus && self != .otlp }

    func file(options: Options) throws -> RecordingFile {
        let base = try RecordingFile.throughput(options: options)
        guard self != .compactISO else { return base }
        let w = base.workload
        let path = "\(options.cacheDir)/throughput-\(rawValue)-v\(RecordingFile.version)-\(w.samples).\(isNative ? "jsonl" : "txt")"
        let file = RecordingFile(path: path, workload: w)
        if fileSize(path) > 0 { return file }
        progress("generating \(path)…")
        let partial = path + ".partial"
        let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SpawnError(description: "cannot create \(partial)") }
        var out = LineWriter(fd: fd)
        switch self {
        case .compactISO: break
        case .compactEpoch, .pythonSpaced: writeNative(w, &out)
        case .prometheus: writePrometheus(w, &out)
        case .otlp: writeOTLP(w, &out)
        }
        try out.flush()
        close(fd)
        guard rename(partial, path) == 0 else { throw SpawnError(description: "cannot rename \(partial)") }
        return file
    }

    private func writeNative(_ w: Workload, _ out: inout LineWriter) {
        let spaced = self == .pythonSpaced
        let (colon, comma) = spaced ? (": ", ", ") : (":", ",")
        let heads = w.series.map { Array("\(comma)\"metric\"\(colon)\"\($0.metric)\"\(comma)\"value\"\(colon)".utf8) }
        let tails = w.series.map {
            Array("\(comma)\"labels\"\(colon){\"deployment\"\(colon)\"\($0.deployment)\"\(comma)\"variant\"\(colon)\"\($0.variant)\"}}\n".utf8)
        }
        w.forEach { offset, item in
            let t = Workload.start.adding(Duration(milliseconds: offset))
            out.append("{\"ts\"\(colon)")
            if spaced {
                out.append("\"\(t.iso8601)\"")
            } else {
                out.appendDigits(Int(t.milliseconds / 1000), width: 1)
                out.append(UInt8(ascii: "."))
                out.appendDigits(Int(t.milliseconds % 1000), width: 3)
            }
            appendFields(item, heads: heads, tails: tails, colon: colon, comma: comma, to: &out)
        }
    }

    /// One pass per family: the exposition format keeps a family's samples together.
    private func writePrometheus(_ w: Workload, _ out: inout LineWriter) {
        let names = w.series.map { $0.metric.replacingOccurrences(of: ".", with: "_") }
        let heads = w.series.indices.map {
            Array("\(names[$0]){deployment=\"\(w.series[$0].deployment)\",variant=\"\(w.series[$0].variant)\"} ".utf8)
        }
        var families: [String] = []
        for name in names where !families.contains(name) { families.append(name) }
        for family in families {
            out.append("# TYPE \(family) gauge\n")
            w.forEach { offset, item in
                guard case .sample(let s, let v) = item, names[s.index] == family else { return }
                out.append(heads[s.index])
                out.appendFixed(v, decimals: s.decimals)
                out.append(UInt8(ascii: " "))
                out.appendDigits(Int(Workload.start.milliseconds + offset), width: 1)
                out.append(UInt8(ascii: "\n"))
            }
        }
    }

    private func writeOTLP(_ w: Workload, _ out: inout LineWriter) {
        let heads = w.series.map {
            Array("{\"name\":\"\($0.metric)\",\"gauge\":{\"dataPoints\":[{\"attributes\":[{\"key\":\"deployment\",\"value\":{\"stringValue\":\"\($0.deployment)\"}},{\"key\":\"variant\",\"value\":{\"stringValue\":\"\($0.variant)\"}}],\"timeUnixNano\":\"".utf8)
        }
        let open = Array("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[]},\"scopeMetrics\":[{\"metrics\":[".utf8)
        var tick: Int64 = -1
        w.forEach { offset, item in
            guard case .sample(let s, let v) = item else { return }
            if offset / w.tickMillis != tick {
                if tick >= 0 { out.append("]}]}]}\n") }
                tick = offset / w.tickMillis
                out.append(open)
            } else {
                out.append(UInt8(ascii: ","))
            }
            out.append(heads[s.index])
            out.appendDigits(Int(Workload.start.milliseconds + offset), width: 1)
            out.append("000000\",\"asDouble\":")
            out.appendFixed(v, decimals: s.decimals)
            out.append("}]}}")
        }
        if tick >= 0 { out.append("]}]}]}\n") }
    }
}
