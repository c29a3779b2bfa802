/// The commands run on the `:` line, oldest first, and where ↑/↓ are in
/// them: a shell's history, so a long `:seek -5m` or `:filter …` is typed
/// once.
public struct CommandHistory: Sendable, Hashable {
    public private(set) var entries: [String] = []
    /// The entry ↑/↓ show; nil: the line being typed.
    private var position: Int?
    /// The line being typed when ↑ was first pressed, for ↓ to come back to.
    private var draft = ""

    /// Enough for a shift; older entries go first.
    static let limit = 100

    public init() {}

    /// Remembers a line that was run (not a blank one, nor the same line twice
    /// in a row) and goes back to the line being typed.
    mutating func record(_ line: String) {
        position = nil
        draft = ""
        let trimmed = line.trimmingSpaces
        guard !trimmed.isEmpty, entries.last != trimmed else { return }
        entries.append(trimmed)
        if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
    }

    /// The line to show after moving `delta` entries (negative: older) from
    /// where ↑/↓ are, given the line typed now; nil: nothing changes.
    mutating func step(by delta: Int, from line: String) -> String? {
        guard let at = position else {
            guard delta < 0, !entries.isEmpty else { return nil }
            draft = line
            position = max(0, entries.count + delta)
            return entries[position!]
        }
        let next = at + delta
        if next >= entries.count {
            position = nil
            return draft
        }
        position = max(0, next)
        return entries[position!]
    }

    /// Forgets where ↑/↓ were (the line was edited or left).
    mutating func reset() {
        position = nil
        draft = ""
    }
}

extension String {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
