/// What a row of a frame stands for, so a mouse click on it can select it.
/// Screens mark rows while drawing (`Canvas.mark`); the loop looks the click
/// up in the frame on screen, so a click always means what was shown there.
public enum HitTarget: Sendable, Hashable {
    case proposal(String)
    case signal(SignalID)
}

/// A marked stretch of one row.
public struct HitRegion: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var target: HitTarget
}

extension Canvas {
    /// Says that `width` columns from (`x`, `y`) show `target`.
    public mutating func mark(x: Int, y: Int, width: Int, _ target: HitTarget) {
        guard y >= 0, y < height, width > 0 else { return }
        regions.append(HitRegion(x: x, y: y, width: width, target: target))
    }

    /// What the cell at (`x`, `y`) shows; the region marked last wins.
    public func target(x: Int, y: Int) -> HitTarget? {
        regions.last { $0.y == y && x >= $0.x && x < $0.x + $0.width }?.target
    }
}
