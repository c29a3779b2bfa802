import VigilCore
import VigilSystem

/// One record as a native JSON Lines line (without the newline), with a fixed
/// key order so equal records always print the same bytes:
///
///     {"ts":"2026-02-14T10:00:00.250Z","metric":"m","value":0.93,"labels":{"a":"x","b":"y"}}
///     {"ts":"2026-02-14T10:00:00.000Z","event":"deploy","flag":"f","from":"v1","to":"v2","weight":10}
///
/// `ts` is RFC 3339 UTC with milliseconds (epoch seconds outside years
/// 0000–9999); the value is the shortest decimal that reads back exactly, or
/// `"NaN"`, `"+Inf"`, `"-Inf"`; `labels` are sorted by name and left out when
/// empty. `decodeNativeLine` reads it back to an equal record.
public func encodeNativeLine(_ record: Record) -> String {
    var bytes: [UInt8] = []
    appendNativeLine(record, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// `encodeNativeLine(record)`'s UTF-8 appended to `bytes` (no newline):
/// writers of millions of lines (`vigil parse`, `record`) fill one buffer
/// instead of making a `String` per line and per field.
public func appendNativeLine(_ record: Record, to out: inout [UInt8]) {
    out += #"{"ts":"#.utf8
    appendTimestamp(record.time, to: &out)
    switch record {
    case .sample(let s):
        out += #","metric":"#.utf8
        appendJSONQuoted(s.metric, to: &out)
        out += #","value":"#.utf8
        appendValue(s.value, to: &out)
        appendLabels(s.labels, to: &out)
    case .event(let e):
        switch e.kind {
        case .deploy(let d):
            out += #","event":"deploy","flag":"#.utf8
            appendJSONQuoted(d.flag, to: &out)
            if let from = d.from { out += #","from":"#.utf8; appendJSONQuoted(from, to: &out) }
            out += #","to":"#.utf8
            appendJSONQuoted(d.to, to: &out)
            if let w = d.weight { out += #","weight":"#.utf8; appendValue(w, to: &out) }
        case .belief(let b):
            out += #","event":"belief","agent":"#.utf8
            appendJSONQuoted(b.agent, to: &out)
            out += #","key":"#.utf8
            appendJSONQuoted(b.key, to: &out)
            out += #","believed":"#.utf8
            appendJSONQuoted(b.believed, to: &out)
            if let a = b.action { out += #","action":"#.utf8; appendJSONQuoted(a, to: &out) }
        case .state(let s):
            out += #","event":"state","key":"#.utf8
            appendJSONQuoted(s.key, to: &out)
            out += #","value":"#.utf8
            appendJSONQuoted(s.value, to: &out)
        case .other(let name):
            out += #","event":"#.utf8
            appendJSONQuoted(name, to: &out)
        }
        appendLabels(e.labels, to: &out)
    }
    out.append(UInt8(ascii: "}"))
}

private func appendLabels(_ labels: Labels, to out: inout [UInt8]) {
    guard !labels.isEmpty else { return }
    out += #","labels":{"#.utf8
    var first = true
    for l in labels {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        appendJSONQuoted(l.name, to: &out)
        out.append(UInt8(ascii: ":"))
        appendJSONQuoted(l.value, to: &out)
    }
    out.append(UInt8(ascii: "}"))
}

/// Years 0000–9999 (`ValidTime`, all a decoder delivers) as RFC 3339;
/// anything else, from a record built in code, as epoch seconds.
private func appendTimestamp(_ t: EventTime, to out: inout [UInt8]) {
    let ms = t.milliseconds
    if ValidTime.contains(ms) {
        out.append(UInt8(ascii: "\""))
        t.appendISO8601(to: &out)
        out.append(UInt8(ascii: "\""))
        return
    }
    let (q, r) = ms.quotientAndRemainder(dividingBy: 1000)
    if r == 0 { out += String(q).utf8; return }
    let frac = String(abs(r))
    if ms < 0 { out.append(UInt8(ascii: "-")) }
    out += String(abs(q)).utf8
    out.append(UInt8(ascii: "."))
    out += repeatElement(UInt8(ascii: "0"), count: 3 - frac.count)
    out += frac.utf8
}

private func appendValue(_ v: Double, to out: inout [UInt8]) {
    if v.isNaN { out += #""NaN""#.utf8; return }
    if v.isInfinite { out += (v > 0 ? #""+Inf""# : #""-Inf""#).utf8; return }
    out += exactNumberText(v).utf8
}
