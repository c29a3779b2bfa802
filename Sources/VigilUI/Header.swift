import VigilCore

/// Row 0 of every screen: where you are, k9s-style (`Vigil › support-agent ›
/// P1 › Help`), what needs a person (`✗ 2 failing · ● 1 pending`), and how
/// time runs (live, or the replay's speed and pause, and the event clock),
/// so no screen hides the state or the clock.
enum Header {
    /// One part of the row, with a shorter form for narrow terminals.
    struct Item {
        var long: StyledLine
        var short: StyledLine
        /// Dropped first when the row is too narrow.
        var optional = false
        /// Items that lose least by it (the date) take their short form first.
        var shortensEarly = false

        init(_ text: String, _ style: Style, short: String? = nil, optional: Bool = false,
             shortensEarly: Bool = false) {
            long = StyledLine(text, style)
            self.short = StyledLine(short ?? text, style)
            self.optional = optional
            self.shortensEarly = shortensEarly
        }

        init(long: StyledLine, short: StyledLine) {
            self.long = long; self.short = short
        }
    }

    static let separator = " │ "

    static func draw(_ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        let bar = Style(fg: .normal, bg: .bar)
        canvas.fill(x: 0, y: 0, width: canvas.width, height: 1, with: Cell(text: " ", style: bar))
        var items = [state(OverallState(model), bar: bar)]
        let mode = model.status.mode
        items.append(Item(Format.mode(mode), bar.foreground(mode.isReplay ? .accent : .ok).emphasized,
                          short: shortMode(mode)))
        items.append(Item(StatusBar.eventTime(model.core.eventTime, wide: canvas.width >= 100), bar,
                          short: StatusBar.eventTime(model.core.eventTime, wide: false), shortensEarly: true))
        if model.status.readOnly { items.append(Item("READ-ONLY", bar.foreground(.warn).emphasized)) }
        if model.status.actionInFlight {
            items.append(Item("⚙ ACTION RUNNING", bar.foreground(.warn).emphasized))
        }
        if model.core.groupsOverCap > 0 {
            // Some data is read but not judged: never let that look healthy.
            items.append(Item("\(Glyph.warn) GROUP CAP", bar.foreground(.warn).emphasized))
        }
        if let incident = model.status.incident, !incident.isEmpty {
            items.append(Item("INCIDENT \(incident)", bar.foreground(.bad).emphasized))
        }
        if !model.status.operatorName.isEmpty {
            items.append(Item("operator \(model.status.operatorName)", bar.foreground(.muted), optional: true))
        }

        // Optional items go while the whole path does not fit; then, while
        // even its ends (`Vigil › … › P1`) do not, the date goes, then every
        // item takes its short form. The path fills what is left.
        let path = crumbs(model, view)
        let ends = path.count > 2 ? [path[0], "…", path[path.count - 1]] : path
        let fullWidth = DisplayWidth.of(" " + path.joined(separator: " › "))
        let pathWidth = DisplayWidth.of(" " + ends.joined(separator: " › "))
        var level = 0 // 1: early items short; 2: all short
        func short(_ item: Item) -> Bool { level >= (item.shortensEarly ? 1 : 2) }
        func width() -> Int {
            items.reduce(0) { $0 + DisplayWidth.of(separator) + $1.width(short: short($1)) }
        }
        while fullWidth + width() > canvas.width, let i = items.lastIndex(where: \.optional) { items.remove(at: i) }
        while pathWidth + width() > canvas.width && level < 2 { level += 1 }
        // "Vigil" always shows; items that still do not fit are cut at the edge.
        let room = max(DisplayWidth.of(" " + path[0]), canvas.width - width())
        let trail = crumbText(path, room: room)
        var x = canvas.putTruncating(" " + trail, x: 0, y: 0, style: bar.foreground(.header).emphasized,
                                     maxWidth: room)
        for item in items where x < canvas.width {
            x += canvas.put(separator, x: x, y: 0, style: bar.foreground(.border))
            let line = short(item) ? item.short : item.long
            line.draw(on: &canvas, x: x, y: 0, width: canvas.width - x)
            x += item.width(short: short(item))
        }
    }

    /// The counts that are not zero (failing signals, proposals waiting,
    /// failed actions), or `✓ all clear`.
    static func state(_ s: OverallState, bar: Style) -> Item {
        var parts: [(long: String, short: String, role: ColorRole)] = []
        let (bad, pending, ok) = (Glyph.bad, Glyph.pending, Glyph.ok)
        if s.failing > 0 { parts.append(("\(bad) \(s.failing) failing", "\(bad)\(s.failing)", .bad)) }
        if s.pending > 0 { parts.append(("\(pending) \(s.pending) pending", "\(pending)\(s.pending)", .warn)) }
        if s.failedActions > 0 {
            parts.append(("\(bad) \(s.failedActions) action\(s.failedActions == 1 ? "" : "s") failed",
                          "\(bad)\(s.failedActions) act", .bad))
        }
        if parts.isEmpty { parts.append(("\(ok) all clear", ok, .ok)) }
        var long = StyledLine(), short = StyledLine()
        for (i, p) in parts.enumerated() {
            if i > 0 {
                long.add(" · ", bar.foreground(.muted))
                short.add(" ", bar)
            }
            long.add(p.long, bar.foreground(p.role).emphasized)
            short.add(p.short, bar.foreground(p.role).emphasized)
        }
        return Item(long: long, short: short)
    }

    /// `▶ 60×`, `‖ 60×` (paused), `● LIVE`.
    static func shortMode(_ mode: Mode) -> String {
        switch mode {
        case .live: return "● LIVE"
        case .replay(let speed, let paused): return (paused ? "‖ " : "▶ ") + Format.speed(speed)
        }
    }

    /// `Vigil`, the deployments watched, then each screen on the way here.
    static func crumbs(_ model: DashboardModel, _ view: ViewState) -> [String] {
        var path = ["Vigil"]
        for screen in view.backStack + [view.screen] {
            if let c = crumb(screen, model, deployment: view.deployment) { path.append(c) }
        }
        return path
    }

    /// `deployment`: the one the overview shows, opened from the fleet.
    static func crumb(_ screen: Screen, _ model: DashboardModel, deployment: String?) -> String? {
        switch screen {
        case .fleet:
            return "Fleet"
        case .overview:
            if let deployment { return deployment }
            let groups = StatusBar.deployments(model.core)
            if groups.isEmpty { return nil }
            return groups.count == 1 ? groups[0] : "\(groups.count) deployments"
        case .proposal(let id): return id
        case .signal(let id): return id.signal
        case .ledger, .sources, .help, .messages: return KeyMap.title(of: screen)
        }
    }

    /// The crumbs joined with `›`; when they do not fit, the middle ones
    /// give way to `…`, then all but `Vigil`.
    static func crumbText(_ path: [String], room: Int) -> String {
        var shown = path
        func text() -> String { shown.joined(separator: " › ") }
        while DisplayWidth.of(" " + text()) > room, shown.count > 1 {
            if shown.count > 2, shown[1] != "…" {
                shown[1] = "…"
            } else if shown.count > 3 {
                shown.remove(at: 2)
            } else {
                shown.removeLast(shown.count - 1)
            }
        }
        return text()
    }
}

extension Header.Item {
    func width(short: Bool) -> Int {
        (short ? self.short : long).segments.reduce(0) { $0 + DisplayWidth.of($1.text) }
    }
}
