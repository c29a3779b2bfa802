/// Whether the dashboard follows live data or replays a recording.
public enum Mode: Sendable, Hashable {
    case live
    /// `speed` is event seconds per wall second (60 = one minute per second).
    case replay(speed: Double, paused: Bool)

    public var isReplay: Bool {
        if case .replay = self { return true }
        return false
    }
}
