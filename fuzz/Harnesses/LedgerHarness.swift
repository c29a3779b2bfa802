@testable import VigilActions

/// The ledger reader: `vigil ledger verify` and `ledger show` on any bytes.
/// Never a crash or a hang; a ledger that verifies has exactly as many
/// records as complete lines, each readable, and its text rendering holds
/// no terminal control byte.
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
        if verdict.tornTail != (verdict.ok && complete < bytes.count) && verdict.ok {
            violated("torn tail misreported", input)
        }
        let text = DecisionLedger.render(records: records)
        for b in text.utf8 where (b < 0x20 && b != 0x0A) || b == 0x7F {
            violated("ledger show prints control byte \(b)", input)
        }
        _ = DecisionLedger.renderJSON(records: records)
    }
}
