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
    var out = "{\"ts\":"
    out += timestampJSON(record.time)
    switch record {
    case .sample(let s):
        out += ",\"metric\":" + jsonQuoted(s.metric)
        out += ",\"value\":" + valueJSON(s.value)
        appendLabels(s.labels, to: &out)
    case .event(let e):
        switch e.kind {
        case .deploy(let d):
            out += ",\"event\":\"deploy\",\"flag\":" + jsonQuoted(d.flag)
            if let from = d.from { out += ",\"from\":" + jsonQuoted(from) }
            out += ",\"to\":" + jsonQuoted(d.to)
            if let w = d.weight { out += ",\"weight\":" + valueJSON(w) }
        case .belief(let b):
            out += ",\"event\":\"belief\",\"agent\":" + jsonQuoted(b.agent) + ",\"key\":" + jsonQuoted(b.key)
            out += ",\"believed\":" + jsonQuoted(b.believed)
            if let a = b.action { out += ",\"action\":" + jsonQuoted(a) }
        case .state(let s):
            out += ",\"event\":\"state\",\"key\":" + jsonQuoted(s.key) + ",\"value\":" + jsonQuoted(s.value)
        case .other(let name):
            out += ",\"event\":" + jsonQuoted(name)
        }
        appendLabels(e.labels, to: &out)
    }
    out += "}"
    return out
}

private func appendLabels(_ labels: Labels, to out: inout String) {
    guard !labels.isEmpty else { return }
    out += ",\"labels\":{"
    var first = true
    for l in labels {
        if !first { out += "," }
        first = false
        out += jsonQuoted(l.name) + ":" + jsonQuoted(l.value)
    }
    out += "}"
}

/// Years 0000–9999 (`ValidTime`, all a decoder delivers) as RFC 3339;
/// anything else, from a record built in code, as epoch seconds.
private func timestampJSON(_ t: EventTime) -> String {
    let ms = t.milliseconds
    if ValidTime.contains(ms) { return "\"" + t.iso8601 + "\"" }
    let (q, r) = ms.quotientAndRemainder(dividingBy: 1000)
    if r == 0 { return String(q) }
    let sign = ms < 0 ? "-" : ""
    let frac = String(abs(r))
    return sign + String(abs(q)) + "." + String(repeating: "0", count: 3 - frac.count) + frac
}

private func valueJSON(_ v: Double) -> String {
    if v.isNaN { return "\"NaN\"" }
    if v.isInfinite { return v > 0 ? "\"+Inf\"" : "\"-Inf\"" }
    return exactNumberText(v)
}

