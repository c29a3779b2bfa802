import VigilCore

/// Health of every input source, as a table: one row per source, each kind
/// of problem in its own right-aligned column, and the reason a source is
/// unreadable (or its last error) in full, in its own column when there is
/// room and wrapped under the row when not. Bad input is counted, never
/// silent: a source that does not exist is a ✗ with that reason. The
/// policy's warnings (as `vigil check` gives them) follow the table.
enum SourcesScreen {
    /// A numeric column: header, width, and the value for one source.
    struct Column: Sendable {
        var header: String
        var width: Int
        var value: @Sendable (SourceSummary) -> String
        /// Shown in the warning colour when not zero.
        var warns: @Sendable (SourceSummary) -> Bool = { _ in false }
    }

    static let columns: [Column] = [
        Column(header: "lines", width: 7, value: { Format.count($0.lines) }),
        Column(header: "records", width: 7, value: { Format.count($0.records) }),
        Column(header: "bad", width: 5, value: { Format.count($0.malformed) }, warns: { $0.malformed > 0 }),
        Column(header: "long", width: 5, value: { Format.count($0.oversized) }, warns: { $0.oversized > 0 }),
        Column(header: "NaN", width: 5, value: { Format.count($0.nonFinite) }),
        Column(header: "order", width: 5, value: { Format.count($0.outOfOrder) }),
        Column(header: "dup", width: 5, value: { Format.count($0.duplicates) }),
        Column(header: "lag", width: 7, value: { $0.lagBytes > 0 ? Format.bytes($0.lagBytes) : "0" },
               warns: { $0.lagBytes > 0 }),
    ]

    static let legend = "bad: malformed lines, skipped · long: too-long lines, skipped · NaN: NaN or ±Inf values,"
        + " kept, not judged · order: out of order, kept · dup: duplicates, kept · lag: written, not read yet"

    /// Column widths for a table `width` columns wide: the name gets what the
    /// longest name needs (12 to 32 columns); the reason gets the rest when
    /// that is at least `minimumReason`, else it goes under the row.
    struct Widths {
        static let status = 2
        static let minimumReason = 24
        var name: Int
        var reason: Int

        init(width: Int, longestName: Int) {
            let numbers = SourcesScreen.columns.reduce(0) { $0 + $1.width + 1 }
            let rest = max(0, width - Self.status - numbers)
            name = min(rest, min(32, max(12, longestName)))
            let left = rest - name - 2
            reason = left >= Self.minimumReason ? left : 0
        }
    }

    static func draw(_ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        DocumentScreen.draw(title: [("Sources", Style(fg: .header, bold: true)), (" · input health", Style())],
                            lines: lines(model, width: canvas.width - 2), model: model, view: view,
                            hints: "↑/↓ scroll · Esc back · ? help", on: &canvas)
    }

    static func lines(_ model: DashboardModel, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        if model.core.groupsOverCap > 0 {
            var title = StyledLine()
            title.add("\(Glyph.warn) ", Style(fg: .warn, bold: true))
            title.add("group cap reached: ", Style(bold: true))
            title.add("\(model.core.groupsOverCap) groups beyond the first \(model.core.groupCap) not judged"
                      + " (\(model.core.recordsOverCap) records of those groups counted)", Style(fg: .warn))
            lines.append(title)
            lines.append(StyledLine())
        }
        let sources = model.status.sources
        if sources.isEmpty {
            lines.append(StyledLine("no sources yet", Style(fg: .muted)))
        } else {
            let widths = Widths(width: width, longestName: sources.map { DisplayWidth.of($0.name) }.max() ?? 0)
            lines.append(header(widths))
            for s in sources { lines += rows(s, widths, width: width) }
            lines.append(StyledLine())
            lines += DocumentScreen.wrapped(legend, width: width, indent: 0, Style(fg: .muted))
        }
        lines += policyWarnings(model.status.policyWarnings, width: width)
        return lines
    }

    /// Kept here after `watch` and `replay` printed them at start.
    static func policyWarnings(_ warnings: [String], width: Int) -> [StyledLine] {
        guard !warnings.isEmpty else { return [] }
        var title = StyledLine()
        title.add("\(Glyph.warn) ", Style(fg: .warn, bold: true))
        title.add("policy warnings (as `vigil check` gives them)", Style(bold: true))
        var lines = [StyledLine(), title]
        for w in warnings { lines += DocumentScreen.wrapped(w, width: width, indent: 2, Style(fg: .warn)) }
        return lines
    }

    static func header(_ w: Widths) -> StyledLine {
        var l = StyledLine()
        let muted = Style(fg: .muted, underline: true)
        l.add(String(repeating: " ", count: Widths.status))
        l.add(TextLayout.pad("source", toWidth: w.name), muted)
        for c in columns {
            l.add(" ")
            l.add(TextLayout.pad(c.header, toWidth: c.width, alignRight: true), muted)
        }
        if w.reason > 0 {
            l.add("  ")
            l.add("problem", muted)
        }
        return l
    }

    /// Why a source is unhealthy, in full: unreadable first, else its last error.
    static func reason(_ s: SourceSummary) -> (text: String, role: ColorRole)? {
        if let why = s.unreadable { return ((s.remote ? "down: " : "unreadable: ") + why, .bad) }
        if let e = s.lastError { return ("last error: " + e, .warn) }
        return nil
    }

    static func rows(_ s: SourceSummary, _ w: Widths, width: Int) -> [StyledLine] {
        let glyph = Format.sourceGlyph(s)
        let role: ColorRole = glyph == Glyph.bad ? .bad : glyph == Glyph.warn ? .warn : .ok
        var first = StyledLine()
        first.add(glyph + " ", Style(fg: role, bold: true))
        first.add(TextLayout.pad(s.name, toWidth: w.name), Style(bold: true))
        for c in columns {
            first.add(" ")
            first.add(TextLayout.pad(c.value(s), toWidth: c.width, alignRight: true),
                      c.warns(s) ? Style(fg: .warn, bold: true) : .plain)
        }
        let remote = s.remote ? remoteLines(s, width: width) : []
        guard let (text, reasonRole) = reason(s) else { return [first] + remote }
        if w.reason > 0 {
            let wrapped = TextLayout.wrap(text, width: w.reason)
            first.add("  ")
            first.add(wrapped[0], Style(fg: reasonRole))
            let indent = width - w.reason
            return [first] + wrapped.dropFirst().map { StyledLine(String(repeating: " ", count: indent) + $0, Style(fg: reasonRole)) }
                + remote
        }
        return [first] + DocumentScreen.wrapped(text, width: width, indent: Widths.status + 2, Style(fg: reasonRole)) + remote
    }

    /// A network source (a Prometheus server) under its row: when it last
    /// answered (UTC), the last request's latency, requests and failures,
    /// and warnings it attached to good data.
    static func remoteLines(_ s: SourceSummary, width: Int) -> [StyledLine] {
        var parts = ["last ok " + (s.lastSuccess.map { $0 + " UTC" } ?? "never")]
        if let ms = s.latencyMilliseconds { parts.append("\(ms) ms") }
        parts.append("\(s.requests) requests, \(s.failedRequests) failed")
        if s.warnings > 0 { parts.append("\(s.warnings) warnings, latest: \(s.lastWarning ?? "")") }
        let role: ColorRole = s.lastSuccess == nil || s.failedRequests > 0 || s.warnings > 0 ? .warn : .muted
        return DocumentScreen.wrapped(parts.joined(separator: " · "), width: width, indent: Widths.status + 2, Style(fg: role))
    }
}
