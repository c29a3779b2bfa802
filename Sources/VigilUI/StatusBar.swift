import VigilCore

/// The overview's second row: flags in force and source health (row 0 is
/// the `Header` every screen has).
enum StatusBar {
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
