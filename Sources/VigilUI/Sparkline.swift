/// A row of block characters showing the shape of recent values.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values scaled between their own minimum and maximum,
    /// right-aligned (padded with spaces on the left) so "now" is always at
    /// the right edge. A flat series draws at mid height; a non-finite value
    /// draws as a space (a gap, not a fake zero).
    public static func render(_ values: [Double], width: Int) -> String {
        guard width > 0 else { return "" }
        let recent = values.suffix(width)
        let finite = recent.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else {
            return String(repeating: " ", count: width)
        }
        var out = String(repeating: " ", count: width - recent.count)
        for v in recent {
            guard v.isFinite else { out.append(" "); continue }
            if hi == lo { out.append(blocks[3]); continue }
            let level = Int(((v - lo) / (hi - lo) * Double(blocks.count - 1)).rounded())
            out.append(blocks[min(max(level, 0), blocks.count - 1)])
        }
        return out
    }
}
