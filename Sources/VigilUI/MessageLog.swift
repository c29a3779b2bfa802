/// One line the dashboard said to the operator: the answer to a key (a
/// refusal, an unknown command) or a notice from the app (an action's
/// outcome, a hook's dry run).
public struct Message: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case answer, notice }
    public var text: String
    public var kind: Kind
    /// When it was said, in the loop's monotonic milliseconds.
    public var at: Int64
    /// An answer is dismissed by the next key; a notice only expires.
    var dismissed = false
}

/// Everything said this session, newest last: the message row shows the
/// newest live entry for `lifetimeMillis`, and the messages screen (`m`)
/// shows what scrolled away. Time is an argument, so expiry is tested
/// without waiting.
public struct MessageLog: Sendable, Hashable {
    public private(set) var entries: [Message] = []

    /// Long enough to read a line, short enough that a stale notice does
    /// not sit on every screen.
    public static let lifetimeMillis: Int64 = 6_000
    /// What the messages screen keeps.
    static let limit = 200

    public init() {}

    /// Adds a line said at `at`.
    public mutating func post(_ text: String, kind: Message.Kind, at: Int64) {
        entries.append(Message(text: text, kind: kind, at: at))
        if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
    }

    /// A key was pressed: answers to earlier keys leave the message row.
    mutating func dismissAnswers() {
        for i in entries.indices.reversed() {
            if entries[i].dismissed { break }
            if entries[i].kind == .answer { entries[i].dismissed = true }
        }
    }

    /// The line the message row shows at `now`: the newest one neither
    /// dismissed nor expired, the answer to the last key before any notice
    /// (a notice arriving just after `q` must not hide "press q again").
    public func shown(at now: Int64) -> Message? {
        entries.last { $0.kind == .answer && !$0.dismissed && isLive($0, at: now) }
            ?? entries.last { !$0.dismissed && isLive($0, at: now) }
    }

    /// When the row next changes by itself (the shown line expires); the
    /// loop wakes then. Nil: nothing is shown.
    public func nextExpiry(at now: Int64) -> Int64? {
        shown(at: now).map { $0.at + Self.lifetimeMillis }
    }

    func isLive(_ m: Message, at now: Int64) -> Bool {
        now >= m.at && now - m.at < Self.lifetimeMillis
    }
}
