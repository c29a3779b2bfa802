/// Whether two decodings of one line agree, as the common-line fast path
/// must agree with the general decoder (its specification): the same record
/// (a NaN sample matches a NaN sample with the same time, name and labels),
/// series identity, time and non-finite flag, or the same failure at the
/// same byte; nil is a blank line. The fast-path tests and the `jsonl` fuzz
/// harness both judge by this one rule.
func decodingsAgree(_ a: Result<DecodedLine, ScanError>?, _ b: Result<DecodedLine, ScanError>?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (.success(let x)?, .success(let y)?):
        guard x.series == y.series, x.time == y.time, x.nonFinite == y.nonFinite,
              x.time == x.record.time.milliseconds, x.nonFinite == x.record.isNonFiniteSample else { return false }
        if case .sample(let s) = x.record, case .sample(let t) = y.record, s.value.isNaN, t.value.isNaN {
            return s.time == t.time && s.metric == t.metric && s.labels == t.labels
        }
        return x.record == y.record
    case (.failure(let e)?, .failure(let f)?):
        return e.offset == f.offset && e.message == f.message
    default: return false
    }
}
