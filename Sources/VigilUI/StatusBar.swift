import VigilCore

/// The top two rows: who and what is watched, in which mode, at which event
/// time (row 0); flags in force and source health (row 1).
enum StatusBar {
    static func draw(_ model: DashboardModel, on canvas: inout Canvas, y: Int) {
        let bar = Style(fg: .normal, bg: .bar)
        canvas.fill(x: 0, y: y, width: canvas.width, height: 1, with: Cell(text: " ", style: bar))
        var items: [(text: String, style: Style, keep: Bool)] = []
        items.append((" VIGIL", bar.foreground(.header).emphasized, true))
        let groups = deployments(model.core)
        if !groups.isEmpty { items.append((groups.joined(separator: ", "), bar.emphasized, false)) }
        let modeRole: ColorRole = model.status.mode.isReplay ? .accent : .ok
        items.append((Format.mode(model.status.mode), bar.foreground(modeRole).emphasized, true))
        items.append((eventTime(model.core.eventTime, wide: canvas.width >= 100), bar, true))
        if model.status.readOnly { items.append(("READ-ONLY", bar.foreground(.warn).emphasized, true)) }
        if model.status.actionInFlight { items.append(("⚙ ACTION RUNNING", bar.foreground(.warn).emphasized, true)) }
        if model.core.groupsOverCap > 0 {
            // Some data is read but not judged: never let that look healthy.
            items.append(("\(Glyph.warn) GROUP CAP", bar.foreground(.warn).emphasized, true))
        }
        if let incident = model.status.incident, !incident.isEmpty {
            items.append(("INCIDENT \(incident)", bar.foreground(.bad).emphasized, true))
        }
        if !model.status.operatorName.isEmpty {
            items.append(("operator \(model.status.operatorName)", bar.foreground(.muted), false))
        }
        // Drop optional items until the rest fits; required ones are cut last.
        let separator = " │ "
        func width(_ list: [(text: String, style: Style, keep: Bool)]) -> Int {
            list.reduce(0) { $0 + DisplayWidth.of($1.text) } + max(0, list.count - 1) * 3
        }
        while width(items) > canvas.width, let i = items.lastIndex(where: { !$0.keep }) {
            items.remove(at: i)
        }
        var x = 0
        for (n, item) in items.enumerated() {
            if n > 0 { x += canvas.put(separator, x: x, y: y, style: bar.foreground(.border)) }
            x += canvas.put(item.text, x: x, y: y, style: item.style, maxWidth: canvas.width - x)
        }
        drawFlagsAndSources(model, on: &canvas, y: y + 1)
    }

    static func drawFlagsAndSources(_ model: DashboardModel, on canvas: inout Canvas, y: Int) {
        let flags = model.core.flags.map(Format.flag)
        let flagText = flags.isEmpty ? "no flag changes seen" : flags.joined(separator: " · ")
        let sources = model.status.sources
        let full = sources.isEmpty ? "" : "src " + sources.map(Format.source).joined(separator: " · ")
        let unhealthy = sources.filter { !Format.sourceProblems($0).isEmpty }
        let short = sources.isEmpty ? "" : unhealthy.isEmpty
            ? "src \(Glyph.ok) \(sources.count) ok"
            : "src \(Glyph.warn) " + unhealthy.map(Format.sourceProblem).joined(separator: " · ")
        let sourceRole: ColorRole = unhealthy.isEmpty ? .muted : .warn
        var x = 0
        x += canvas.put(" flags ", x: x, y: y, style: Style(fg: .muted))
        let room = canvas.width - x
        let fits = DisplayWidth.of(flagText) + 2 + DisplayWidth.of(full) <= room
        let sourceText = fits ? full : short
        let sourceWidth = min(DisplayWidth.of(sourceText), room / 2)
        let flagRoom = room - (sourceWidth > 0 ? sourceWidth + 2 : 0)
        canvas.putTruncating(flagText, x: x, y: y, style: Style(fg: .accent), maxWidth: flagRoom)
        if sourceWidth > 0 {
            canvas.putTruncating(sourceText, x: canvas.width - sourceWidth, y: y,
                                 style: Style(fg: sourceRole), maxWidth: sourceWidth)
        }
    }

    static func eventTime(_ t: EventTime?, wide: Bool) -> String {
        guard let t else { return "no data yet" }
        if wide {
            let iso = t.iso8601 // 2026-02-14T10:05:12.250Z
            return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8)) + "Z"
        }
        return t.clock + "Z"
    }

    /// Deployments in the order the core first mentions them.
    static func deployments(_ core: CoreSnapshot) -> [String] {
        var seen: [String] = []
        for g in core.flags.compactMap(\.group) + core.signals.map(\.group) where !seen.contains(g) {
            seen.append(g)
        }
        return seen
    }
}
