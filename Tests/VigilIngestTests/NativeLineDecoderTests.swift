import Testing
@testable import VigilIngest
import VigilCore

@Suite struct NativeLineDecoderTests {
    let t0 = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10).milliseconds

    @Test func sampleWithRFC3339AndLabels() throws {
        let r = try record(#"{"ts": "2026-02-14T10:00:00.250Z", "metric": "quality.policy_accuracy", "value": 0.93, "labels": {"deployment": "support-agent", "variant": "canary"}}"#)
        #expect(r == sample(t0 + 250, "quality.policy_accuracy", 0.93, ["deployment": "support-agent", "variant": "canary"]))
    }

    @Test func epochSecondsAndOffsets() throws {
        #expect(try record(#"{"ts":1771063200.25,"metric":"m","value":1}"#).time.milliseconds == 1_771_063_200_250)
        #expect(try record(#"{"ts":1771063200,"metric":"m","value":1}"#).time.milliseconds == 1_771_063_200_000)
        #expect(try record(#"{"ts":1.77106320025e9,"metric":"m","value":1}"#).time.milliseconds == 1_771_063_200_250)
        #expect(try record(#"{"ts":"2026-02-14T11:00:00+01:00","metric":"m","value":1}"#).time.milliseconds == t0)
        #expect(try record(#"{"ts":"2026-02-14T09:30:00-00:30","metric":"m","value":1}"#).time.milliseconds == t0)
        #expect(try record(#"{"ts":"2026-02-14T10:00:00.0004999Z","metric":"m","value":1}"#).time.milliseconds == t0)
        #expect(try record(#"{"ts":"2026-02-14T10:00:00.0015Z","metric":"m","value":1}"#).time.milliseconds == t0 + 2)
        #expect(try record(#"{"ts":"2026-02-14t10:00:00z","metric":"m","value":1}"#).time.milliseconds == t0)
    }

    @Test func badTimestamps() {
        #expect(failure(#"{"ts":"2026-02-30T10:00:00Z","metric":"m","value":1}"#)?.message.contains("day") == true)
        #expect(failure(#"{"ts":"2026-02-14T10:00:00","metric":"m","value":1}"#) != nil)
        #expect(failure(#"{"ts":"2026-02-14T25:00:00Z","metric":"m","value":1}"#) != nil)
        #expect(failure(#"{"ts":true,"metric":"m","value":1}"#) != nil)
        #expect(failure(#"{"ts":1e300,"metric":"m","value":1}"#)?.message == ValidTime.message)
        #expect(failure(#"{"metric":"m","value":1}"#)?.message == #"missing "ts""#)
    }

    @Test func nonFiniteValues() throws {
        let cases: [(String, Double)] = [("NaN", .nan), ("+Inf", .infinity), ("-Inf", -.infinity), ("inf", .infinity)]
        for (text, expected) in cases {
            guard case .sample(let s) = try record(#"{"ts":1,"metric":"m","value":"\#(text)"}"#) else {
                Issue.record("not a sample"); continue
            }
            #expect(s.value == expected || (s.value.isNaN && expected.isNaN), "\(text)")
        }
        #expect(failure(#"{"ts":1,"metric":"m","value":"high"}"#) != nil)
        #expect(failure(#"{"ts":1,"metric":"m","value":null}"#) != nil)
        #expect(failure(#"{"ts":1,"metric":"m"}"#)?.message == #"missing "value""#)
    }

    @Test func numbers() throws {
        let cases: [(String, Double)] = [("0", 0), ("-0.5", -0.5), ("1e3", 1000), ("1E-2", 0.01),
                                         ("123456789012345678901234567890", 1.2345678901234568e29),
                                         ("0.1", 0.1), ("2.2250738585072014e-308", 2.2250738585072014e-308),
                                         ("0.30000000000000004", 0.30000000000000004), ("9007199254740993", 9007199254740992)]
        for (text, expected) in cases {
            guard case .sample(let s) = try record(#"{"ts":1,"metric":"m","value":\#(text)}"#) else { continue }
            #expect(s.value == expected, "\(text)")
        }
        for bad in ["01", "1.", ".5", "-", "1e", "+1", "0x10", "1.5.2"] {
            #expect(failure(#"{"ts":1,"metric":"m","value":\#(bad)}"#) != nil, "\(bad)")
        }
    }

    @Test func events() throws {
        #expect(try record(#"{"ts":1,"event":"deploy","flag":"support-agent.model","from":"v1","to":"v2","weight":10,"labels":{"deployment":"support-agent"}}"#)
            == .event(Event(time: EventTime(milliseconds: 1000),
                            kind: .deploy(DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 10)),
                            labels: Labels(["deployment": "support-agent"]))))
        #expect(try record(#"{"ts":1,"event":"deploy","flag":"f","to":"v2"}"#)
            == .event(Event(time: EventTime(milliseconds: 1000), kind: .deploy(DeployEvent(flag: "f", from: nil, to: "v2")))))
        #expect(try record(#"{"ts":1,"event":"belief","agent":"ops-agent","key":"freeze.active","believed":"false","action":"db.write"}"#)
            == .event(Event(time: EventTime(milliseconds: 1000),
                            kind: .belief(BeliefEvent(agent: "ops-agent", key: "freeze.active", believed: "false", action: "db.write")))))
        // A JSON boolean is taken as its literal text.
        #expect(try record(#"{"ts":1,"event":"belief","agent":"a","key":"k","believed":false}"#)
            == .event(Event(time: EventTime(milliseconds: 1000), kind: .belief(BeliefEvent(agent: "a", key: "k", believed: "false")))))
        #expect(try record(#"{"ts":1,"event":"state","key":"freeze.active","value":"true"}"#)
            == .event(Event(time: EventTime(milliseconds: 1000), kind: .state(StateEvent(key: "freeze.active", value: "true")))))
        #expect(try record(#"{"ts":1,"event":"incident","severity":"high"}"#)
            == .event(Event(time: EventTime(milliseconds: 1000), kind: .other(name: "incident"))))
        #expect(failure(#"{"ts":1,"event":"deploy","flag":"f"}"#)?.message == #"this event needs "to""#)
        #expect(failure(#"{"ts":1,"event":"state","key":"k"}"#)?.message == #"this event needs "value""#)
        #expect(failure(#"{"ts":1,"event":"belief","key":"k","believed":"x"}"#)?.message == #"this event needs "agent""#)
        #expect(failure(#"{"ts":1,"metric":"m","event":"x","value":1}"#) != nil)
        // Weights are percents; found by fuzzing: 1e999 would not survive a round trip.
        #expect(failure(#"{"ts":1,"event":"deploy","flag":"f","to":"v","weight":1e999}"#) != nil)
        #expect(failure(#"{"ts":1,"event":"deploy","flag":"f","to":"v","weight":-1}"#) != nil)
        #expect(failure(#"{"ts":1,"value":1}"#) != nil)
    }

    @Test func unknownKeysAreIgnored() throws {
        let r = try record(#"{"extra":{"a":[1,2,{"b":null}],"c":"}"},"ts":1,"metric":"m","n":[],"value":2,"z":true}"#)
        #expect(r == sample(1000, "m", 2))
    }

    @Test func blankLines() {
        for text in ["", "   ", "\t\r"] {
            if case .success(let r) = decode(text) { #expect(r == nil) } else { Issue.record("failed on blank") }
        }
    }

    @Test func escapesAndUnicode() throws {
        let r = try record(#"{"ts":1,"metric":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \n\t","value":1,"labels":{"k\u0065y":"\u4e2d\u6587"}}"#)
        guard case .sample(let s) = r else { Issue.record("not a sample"); return }
        #expect(s.metric == "café 😀 \"q\" \\ / \n\t")
        #expect(s.labels["key"] == "中文")
        // A lone surrogate becomes U+FFFD.
        guard case .sample(let s2) = try record(#"{"ts":1,"metric":"a\ud800b\udc00","value":1}"#) else { Issue.record("not a sample"); return }
        #expect(s2.metric == "a\u{FFFD}b\u{FFFD}")
        // An escaped key is still recognised.
        #expect(try record(#"{"\u0074s":1,"metric":"m","value":1}"#) == sample(1000, "m", 1))
    }

    @Test func invalidUTF8IsRepaired() throws {
        var bytes = Array(#"{"ts":1,"metric":"bad"#.utf8)
        bytes += [0xFF, 0xC3]
        bytes += Array(#"","value":1,"labels":{"x":"\#u{00}"}}"#.utf8).filter { $0 != 0 }
        guard case .success(.sample(let s)?) = decodeBytes(bytes) else { Issue.record("rejected"); return }
        #expect(s.metric == "bad\u{FFFD}\u{FFFD}")
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        let f = failure(#"{"ts":1,"metric":"m" "value":1}"#)
        #expect(f == ParseFailure(line: 1, column: 22, message: "expected ',' or '}', found '\"'"))
        #expect(f?.description == #"line 1, column 22: expected ',' or '}', found '"'"#)
        if case .failure(let g) = decode("[1]", line: 7) { #expect(g.line == 7 && g.column == 1) }
        #expect(failure(#"{"ts":1,"metric":"m","value":1} x"#)?.column == 33)
        #expect(failure(#"{"ts":1,"metric":"m","value":1"#)?.column == 31)
        #expect(failure(#"{"ts":1,"metric":"unterminated"#) != nil)
        #expect(failure("{\"ts\":1,\"metric\":\"a\u{01}b\",\"value\":1}") != nil)
        #expect(failure(#"{"ts":1,"metric":"a\qb","value":1}"#) != nil)
        #expect(failure(#"{"ts":1,"metric":"a\u12G4","value":1}"#) != nil)
        #expect(failure(#"{"ts":1,"metric":"m","value":1,"labels":{"a":{"b":"c"}}}"#) != nil)
        #expect(failure(#"{"ts":1,"metric":"m","value":1,}"#) != nil)
        #expect(failure(#"{"ts":tru,"metric":"m","value":1}"#) != nil)
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(failure(#"{"x":\#(deep),"ts":1,"metric":"m","value":1}"#)?.message == "nesting too deep")
    }

    @Test func labelValuesAndNull() throws {
        guard case .sample(let s) = try record(#"{"ts":1,"metric":"m","value":1,"labels":{"a":1,"b":true,"c":null,"d":"x"}}"#) else { Issue.record("not a sample"); return }
        #expect(s.labels == Labels(["a": "1", "b": "true", "d": "x"]))
        #expect(try record(#"{"ts":1,"metric":"m","value":1,"labels":null}"#) == sample(1000, "m", 1))
    }

    @Test func cachedDecoderReturnsEqualRecords() throws {
        var d = NativeLineDecoder()
        let line = #"{"ts":1,"metric":"a.rather.long.metric.name","value":1,"labels":{"deployment":"support-agent","variant":"canary"}}"#
        var bytes = Array(line.utf8)
        let a = bytes.withUnsafeMutableBytes { d.decode(UnsafeRawBufferPointer($0), line: 1) }
        let b = bytes.withUnsafeMutableBytes { d.decode(UnsafeRawBufferPointer($0), line: 2) }
        #expect(try a.get() == b.get())
        #expect(try a.get() == sample(1000, "a.rather.long.metric.name", 1, ["deployment": "support-agent", "variant": "canary"]))
    }
}
