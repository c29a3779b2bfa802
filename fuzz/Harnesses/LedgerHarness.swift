@testable import VigilActions

/// The ledger reader: `vigil ledger verify` and `ledger show` on any bytes.
/// Never a crash or a hang; a ledger that verifies has exactly as many
/// records as complete lines, each readable, and reports a torn last line;
/// what `ledger show` prints (text or JSON) holds no terminal control.
enum LedgerHarness {
    static func run(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        let verdict = DecisionLedger.verify(bytes: bytes, path: "fuzz.ledger")
        let complete = bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lines = LedgerCodec.lines(bytes[..<complete])
        var records: [LedgerRecord] = []
        for (i, line) in lines.enumerated() {
            guard let r = try? LedgerCodec.decode(line, line: i + 1, path: "fuzz.ledger") else { break }
            records.append(r)
        }
        if verdict.ok && (verdict.count != lines.count || records.count != lines.count) {
            violated("ledger verified with \(verdict.count) records but \(records.count) of \(lines.count) lines read", input)
        }
        if verdict.ok && verdict.tornTail != (complete < bytes.count) {
            violated("torn tail misreported", input)
        }
        terminalSafe(DecisionLedger.render(records: records), "ledger show", input)
        terminalSafe(DecisionLedger.renderJSON(records: records), "ledger show --json", input)
    }

    /// No C0 control but line break and tab, no DEL, no C1 control.
    static func terminalSafe(_ text: String, _ what: String, _ input: UnsafeRawBufferPointer) {
        for s in text.unicodeScalars {
            let v = s.value
            if (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F..<0xA0).contains(v) {
                violated("\(what) prints U+\(String(v, radix: 16, uppercase: true))", input)
            }
        }
    }
}
