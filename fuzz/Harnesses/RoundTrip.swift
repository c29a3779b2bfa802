import VigilCore
import VigilIngest

/// The round-trip oracle shared by every metric format: a native line that
/// `vigil parse` prints must read back to the same record, which prints the
/// same line again (docs/metrics-format.md promises that parse output re-reads).
enum RoundTrip {
    static func check(_ line: String, _ input: UnsafeRawBufferPointer) {
        var bytes = Array(line.utf8)
        let reread = bytes.withUnsafeMutableBytes { decodeNativeLine(UnsafeRawBufferPointer($0), line: 1) }
        switch reread {
        case .failure(let f):
            violated("printed line does not re-read (\(f)): \(line)", input)
        case .success(nil):
            violated("printed line re-reads as blank: \(line)", input)
        case .success(let record?):
            let again = encodeNativeLine(record)
            if again != line { violated("printed line re-reads differently:\n  \(line)\n  \(again)", input) }
        }
        bytes.removeAll()
    }
}
