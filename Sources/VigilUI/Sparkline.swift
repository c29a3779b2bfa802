/// A row of block characters showing the shape of recent values.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The lowest and highest finite value of all `series` together: the one
    /// scale for pictures that are meant to be compared (a canary and its
    /// baseline), so a collapsed canary never looks like a healthy baseline.
    /// Nil when no series has a finite value.
    public static func scale(_ series: [Double]...) -> ClosedRange<Double>? {
        scale(of: series)
    }

    public static func scale(of series: [[Double]]) -> ClosedRange<Double>? {
        var lo = Double.infinity, hi = -Double.infinity
        for values in series { for v in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        return lo <= hi ? lo...hi : nil
    }

    /// The last `width` values scaled to `scale` (by default their own
    /// minimum and maximum), right-aligned (padded with spaces on the left)
    /// so "now" is always at the right edge. A flat series draws at mid
    /// height; a non-finite value draws as a space (a gap, not a fake zero).
    public static func render(_ values: [Double], width: Int, scale: ClosedRange<Double>? = nil) -> String {
        guard width > 0 else { return "" }
        let recent = values.suffix(width)
        guard let range = scale ?? Self.scale(Array(recent)) else {
            return String(repeating: " ", count: width)
        }
        let (lo, hi) = (range.lowerBound, range.upperBound)
        var out = String(repeating: " ", count: width - recent.count)
        for v in recent {
            guard v.isFinite else { out.append(" "); continue }
            if hi == lo { out.append(blocks[3]); continue }
            let level = Int(((v - lo) / (hi - lo) * Double(blocks.count - 1)).rounded())
            out.append(blocks[min(max(level, 0), blocks.count - 1)])
        }
        return out
    }

    /// `0.286…1` so the scale of a picture is known.
    static func label(_ scale: ClosedRange<Double>?, width: Int = 6) -> String {
        guard let scale else { return "no values" }
        return "\(Format.number(scale.lowerBound, width: width))…\(Format.number(scale.upperBound, width: width))"
    }
}
