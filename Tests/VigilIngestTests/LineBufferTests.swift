import Testing
@testable import VigilIngest

@Suite struct LineBufferTests {
    func lines(_ chunks: [String], max: Int = 16) -> [String] {
        let b = LineBuffer(maxLineBytes: max, chunkBytes: 8)
        var out: [String] = []
        func drain() {
            while true {
                switch b.next() {
                case .line(let l): out.append(String(decoding: l, as: UTF8.self))
                case .oversized: out.append("<oversized>")
                case .needMore: return
                }
            }
        }
        for c in chunks {
            var bytes = Array(c.utf8)[...]
            while !bytes.isEmpty {
                let n = bytes.withUnsafeBytes { b.append($0) }
                bytes = bytes.dropFirst(n)
                drain()
            }
        }
        if let rest = b.takeRest() { out.append(String(decoding: rest, as: UTF8.self) + "<eof>") }
        return out
    }

    @Test func splitsAcrossChunks() {
        #expect(lines(["ab", "c\nde", "f\r\n", "\n", "gh"]) == ["abc", "def", "", "gh<eof>"])
    }

    @Test func oversizedLinesAreReportedOnce() {
        #expect(lines(["short\n", String(repeating: "x", count: 40), String(repeating: "y", count: 40), "\nok\n"])
            == ["short", "<oversized>", "ok"])
        #expect(lines([String(repeating: "z", count: 17) + "\nok\n"]) == ["<oversized>", "ok"])
        #expect(lines([String(repeating: "z", count: 16) + "\n"]) == [String(repeating: "z", count: 16)])
    }
}
