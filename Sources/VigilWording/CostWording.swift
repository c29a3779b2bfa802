import VigilCore

extension Wording {
    /// The numbers a response was ranked by, as one clause:
    /// "300 + 1,800 failing requests (120 rpm for 15m) = 2,100".
    public static func cost(_ c: ResponseCost) -> String {
        let declared = count(c.declared)
        var text: String
        switch (c.harm, c.failingPerMinute) {
        case (let harm?, let rpm?) where c.wait != .zero:
            text = "cost \(declared) + \(count(harm)) failing requests (\(count(rpm)) rpm for \(c.wait))"
                + " = \(count(c.total ?? harm))"
        case (0?, _):
            text = "cost \(declared), takes effect at once"
        default:
            text = "cost \(declared) + failing requests for \(c.wait) (requests/min unknown)"
        }
        if c.pinned { text += "; kept first by rule" }
        return text
    }

    /// A count of requests: whole numbers with thousands separators.
    public static func count(_ v: Double) -> String {
        guard v.isFinite else { return formatNumber(v) }
        let digits = String(Int64(v.rounded()).magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (v < -0.5 ? "-" : "") + out
    }
}
