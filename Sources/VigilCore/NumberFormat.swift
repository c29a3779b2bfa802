/// Formats a number compactly and deterministically: the same Double gives
/// the same bytes on every platform, so replays and ledgers compare equal.
public func formatNumber(_ v: Double, digits: Int = 3) -> String {
    guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "+Inf" : "-Inf") }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (v * scale).rounded() / scale
    if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
    return String(r)
}
