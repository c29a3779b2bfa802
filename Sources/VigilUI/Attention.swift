import VigilCore

/// When the dashboard calls for a person who is looking elsewhere: the
/// terminal bell, and the window title (which tmux shows as the pane
/// title) carrying `OverallState`, so a background pane still says when to
/// look. Both are on by default; `--quiet` turns them off.
public struct AttentionSettings: Sendable, Hashable {
    public var bell: Bool
    public var title: Bool

    public init(bell: Bool = true, title: Bool = true) {
        self.bell = bell; self.title = title
    }

    public static let quiet = AttentionSettings(bell: false, title: false)
}

/// Something that should ring the bell.
public enum AttentionEvent: Sendable, Hashable {
    case proposed(String)
    case escalated(String)
    case actionFailed(String)
}

public enum Attention {
    /// What changed from the model on screen to the next that needs a
    /// person: a new proposal, one that escalated, an action that failed.
    public static func events(from old: DashboardModel, to new: DashboardModel) -> [AttentionEvent] {
        var before: [String: ProposalStatus] = [:]
        for p in old.core.proposals { before[p.id] = p.status }
        var out: [AttentionEvent] = []
        for p in new.core.proposals {
            guard let was = before[p.id] else {
                out.append(.proposed(p.id))
                continue
            }
            if p.status == .escalated && was != .escalated { out.append(.escalated(p.id)) }
            if p.status == .failed && was != .failed { out.append(.actionFailed(p.id)) }
        }
        return out
    }

    /// `title` made safe to send inside an OSC 2 sequence: the sanitizer
    /// shows controls as visible marks (nothing from a label can end the
    /// sequence early or start another), and it is cut to a title's length.
    public static func terminalTitle(_ title: String) -> String {
        let clean = TextSanitizer.clean(title).unicodeScalars.filter { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }
        return TextLayout.truncate(String(String.UnicodeScalarView(clean)), toWidth: 120)
    }
}
