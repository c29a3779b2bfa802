/// Splits rows among regions that each want some.
enum Layout {
    /// Gives each region `minimum` rows (as far as `total` allows), then one
    /// row at a time, round robin, to regions still below their demand, then
    /// the rest round robin to all, so space is shared evenly.
    static func allocate(_ total: Int, demands: [Int], minimum: Int) -> [Int] {
        guard !demands.isEmpty else { return [] }
        var out = Array(repeating: 0, count: demands.count)
        var left = max(0, total)
        for i in out.indices where left > 0 {
            let m = min(minimum, left); out[i] = m; left -= m
        }
        var progress = true
        while left > 0 && progress {
            progress = false
            for i in out.indices where left > 0 && out[i] < demands[i] {
                out[i] += 1; left -= 1; progress = true
            }
        }
        var i = 0
        while left > 0 { out[i % out.count] += 1; left -= 1; i += 1 }
        return out
    }
}

/// A line of differently styled pieces, for screens that are lists of lines.
struct StyledLine {
    var segments: [(text: String, style: Style)] = []

    init() {}
    init(_ text: String, _ style: Style = .plain) { segments = [(text, style)] }

    mutating func add(_ text: String, _ style: Style = .plain) { segments.append((text, style)) }

    func draw(on canvas: inout Canvas, x: Int, y: Int, width: Int) {
        var used = 0
        for s in segments where used < width {
            used += canvas.put(s.text, x: x + used, y: y, style: s.style, maxWidth: width - used)
        }
    }
}
