import Testing
import VigilSystem

/// The one JSON document reader: member order, number spelling and byte
/// ranges survive (flag-file edits splice by range; OTLP errors point at a
/// column), and hostile input is an error with its offset, never a crash.
@Suite struct JSONParserTests {
    @Test func keepsOrderNumberTextAndRanges() throws {
        let text = #"{"b": 1.50, "a": [true, null, "x"], "b": 1e3}"#
        let root = try JSONParser.parse(Array(text.utf8))
        #expect(root.members?.map(\.key) == ["b", "a", "b"])
        #expect(root["b"]?.value == .number("1e3")) // the last duplicate wins
        #expect(root[firstOf: "c", "a"]?.elements?.count == 3)
        let a = try #require(root["a"])
        #expect(Array(Array(text.utf8)[a.range]) == Array(#"[true, null, "x"]"#.utf8))
        #expect(a.elements?[1].isNull == true)
        #expect(root.members?[0].value.numberValue == 1.5)
    }

    @Test(arguments: ["", "{", #"{"a" 1}"#, "[1,]", "01", #""\ud800""#, "[1] x", "tru"])
    func rejectsMalformedInputWithAnOffset(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(deep.utf8)) }
    }

    @Test func renderingWhatWasParsedRoundTrips() throws {
        let root = try JSONParser.parse(Array(#"{"on": {"variants": {"a": true}, "weights": [1, 2]}}"#.utf8))
        let pretty = JSONRenderer().render(root)
        #expect(pretty == """
            {
              "on": {
                "variants": { "a": true },
                "weights": [1, 2]
              }
            }
            """)
        #expect(try JSONParser.parse(Array(pretty.utf8)).members?.map(\.key) == ["on"])
        #expect(JSONRenderer(compact: true).render(root) == #"{"on":{"variants":{"a":true},"weights":[1,2]}}"#)
    }

    /// Strings without an escape are read straight from their bytes; these
    /// must read as the escaped path reads them, and fail where it fails.
    @Test func stringsReadTheSameWithAndWithoutEscapes() throws {
        let root = try JSONParser.parse(Array(#"["plain", "é日本", "a\"b", "é\n", "\u00e9x", ""]"#.utf8))
        #expect(root.elements?.map(\.stringValue) == ["plain", "é日本", "a\"b", "é\n", "éx", ""])
        // Raw invalid UTF-8, a raw control and an unterminated string: the
        // same errors at the same offsets whether or not an escape came first.
        let failures: [([UInt8], String, Int)] = [
            ([0x22, 0xFF, 0x22], "string is not valid UTF-8", 3),
            ([0x22, 0x5C, 0x6E, 0xFF, 0x22], "string is not valid UTF-8", 5),
            ([0x22, 0x61, 0x01, 0x22], "control character in string", 2),
            ([0x22, 0x5C, 0x6E, 0x01, 0x22], "control character in string", 3),
            ([0x22, 0x61, 0x62], "unterminated string", 3),
        ]
        for (bytes, message, offset) in failures {
            do {
                _ = try JSONParser.parse(bytes)
                Issue.record("\(bytes) parsed")
            } catch {
                #expect(error.message == message, "\(bytes)")
                #expect(error.offset == offset, "\(bytes)")
            }
        }
    }
}
