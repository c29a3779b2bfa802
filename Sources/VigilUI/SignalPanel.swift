import VigilCore
import VigilWording

/// One of the four overview panels: a title rule that doubles as the column
/// header, then one row per signal of one family.
struct SignalPanel {
    var family: SignalFamily
    var signals: [SignalState]
    /// The highlighted signal, when the signals have focus.
    var selected: SignalID?
    var now: EventTime?
    /// Show the deployment next to each signal (more than one is watched).
    var showGroup: Bool
    /// The label width to lay out for; the overview gives every panel the
    /// same one so columns line up from panel to panel. Nil: this panel's own.
    var labelWidth: Int? = nil
    /// Signals the policy configures in this family that have no data yet:
    /// listed (after those with data) so a feed that never arrives shows.
    var waiting: [ConfiguredSignal] = []

    static func title(_ f: SignalFamily) -> String {
        switch f {
        case .infrastructure: return "Error rates"
        case .quality: return "Output quality"
        case .behavioral: return "Behavioral signals"
        case .drift: return "Drift & agent beliefs"
        }
    }

    /// Rows of signals this panel would like (not counting the title).
    var demand: Int { max(1, signals.count + waiting.count) }

    /// The longest signal label, which the name column tries to fit.
    var longestLabel: Int {
        (signals.map { DisplayWidth.of(label($0)) } + waiting.map { DisplayWidth.of($0.name) }).max() ?? 0
    }

    /// Column widths for a panel `width` columns wide.
    struct Columns {
        var name: Int, spark: Int
        let marker = 1, status = StatusBadge.width, value = 7, base = 9, age = 4
        /// Marker, status, gaps, value, base and age: what is not name or trend.
        static let fixed = 1 + 9 + 1 + 1 + 7 + 1 + 9 + 1 + 1 + 4

        /// Columns left for the name and the trend in a panel `width` wide.
        static func room(_ width: Int) -> Int { max(0, width - fixed) }

        /// The name column gets what the longest label needs (12 to 36
        /// columns) before the trend gets any: names that differ only at
        /// the end (policy-accuracy-floor, policy-accuracy-trend) and their
        /// scope must stay apart.
        init(width: Int, longestLabel: Int = 36) {
            let rest = Self.room(width)
            name = min(rest, min(36, max(12, longestLabel)))
            spark = rest - name
            if spark < 4 { name += spark; spark = 0 }
        }
        var statusX: Int { marker }
        var nameX: Int { marker + status + 1 }
        var valueX: Int { nameX + name + 1 }
        var baseX: Int { valueX + value + 1 }
        var sparkX: Int { baseX + base + 1 }
        var ageX: Int { sparkX + (spark > 0 ? spark + 1 : 0) }
    }

    func draw(on canvas: inout Canvas, x: Int, y: Int, width: Int, height: Int) {
        guard height > 0, width > 0 else { return }
        let cols = Columns(width: width, longestLabel: labelWidth ?? longestLabel)
        drawTitle(on: &canvas, x: x, y: y, width: width, cols: cols)
        let rows = height - 1
        guard rows > 0 else { return }
        if signals.isEmpty && waiting.isEmpty {
            canvas.put("  no signals", x: x, y: y + 1, style: Style(fg: .muted), maxWidth: width)
            return
        }
        // Signals with data first; the rows left list those still waiting.
        let realRows = min(rows, signals.count)
        drawWaiting(on: &canvas, x: x, y: y + 1 + realRows, width: width, rows: rows - realRows, cols: cols)
        guard realRows > 0 else { return }
        let shown = visible(rows: realRows)
        let scales = sharedScales()
        for (i, index) in shown.enumerated() {
            let s = signals[index]
            drawRow(s, scale: scales[Self.scaleKey(s)], on: &canvas, x: x, y: y + 1 + i, width: width, cols: cols)
            canvas.mark(x: x, y: y + 1 + i, width: width, .signal(SignalID(s)))
        }
        let hidden = signals.count - shown.count
        if hidden > 0 {
            let hiddenOK = signals.indices.filter { !shown.contains($0) && signals[$0].status == .ok }.count
            let note = hiddenOK == hidden ? "  … \(hidden) more, all \(Glyph.ok) OK" : "  … \(hidden) more (\(hidden - hiddenOK) not OK)"
            canvas.put(note, x: x, y: y + shown.count + 1, style: Style(fg: hiddenOK == hidden ? .muted : .warn),
                       maxWidth: width)
        }
    }

    /// `∅ NO DATA  name  waiting for metric`: configured, nothing seen yet.
    private func drawWaiting(on canvas: inout Canvas, x: Int, y: Int, width: Int, rows: Int, cols: Columns) {
        guard rows > 0, !waiting.isEmpty else { return }
        let fits = waiting.count <= rows
        for (i, w) in waiting.prefix(fits ? rows : rows - 1).enumerated() {
            let badge = StatusBadge(.noData)
            canvas.put(badge.text, x: x + cols.statusX, y: y + i, style: Style(fg: badge.role, bold: true))
            canvas.putTruncating(w.name, x: x + cols.nameX, y: y + i, style: .plain, maxWidth: cols.name)
            if cols.valueX < width {
                canvas.putTruncating("waiting for \(w.metric)", x: x + cols.valueX, y: y + i,
                                     style: Style(fg: .muted), maxWidth: width - cols.valueX)
            }
        }
        if !fits {
            let more = waiting.count - (rows - 1)
            canvas.put("  … \(more) more waiting for data", x: x, y: y + rows - 1, style: Style(fg: .warn), maxWidth: width)
        }
    }

    /// Which signals get the rows: all if they fit; otherwise the most severe
    /// (and the selected one), one row kept to say how many are hidden, shown
    /// in their usual order so rows do not jump around.
    func visible(rows: Int) -> [Int] {
        if signals.count <= rows { return Array(signals.indices) }
        let slots = max(0, rows - 1)
        var ranked = signals.indices.sorted {
            (StatusBadge(signals[$0]).severity, $0) < (StatusBadge(signals[$1]).severity, $1)
        }
        if let sel = selected, let i = signals.firstIndex(where: { sel.matches($0) }),
           let r = ranked.firstIndex(of: i), r >= slots, slots > 0 {
            ranked.remove(at: r)
            ranked.insert(i, at: slots - 1)
        }
        return Array(ranked.prefix(slots)).sorted()
    }

    private func drawTitle(on canvas: inout Canvas, x: Int, y: Int, width: Int, cols: Columns) {
        let rule = Style(fg: .border)
        // Column headers, right-aligned over their columns; the rule runs
        // from the title to the first header.
        let labels: [(String, Int, Int)] = [("value", cols.valueX, cols.value), ("base/thr", cols.baseX, cols.base)]
            + (cols.spark > 0 ? [("trend", cols.sparkX, cols.spark)] : []) + [("age", cols.ageX, cols.age)]
        let headerStart = labels.map { $0.1 + $0.2 - DisplayWidth.of($0.0) }.min() ?? width
        canvas.fill(x: x, y: y, width: min(width, headerStart - 1), height: 1, with: Cell(text: "─", style: rule))
        var used = canvas.put("─ ", x: x, y: y, style: rule)
        used += canvas.put(Self.title(family), x: x + used, y: y, style: Style(fg: .header, bold: true),
                           maxWidth: width - used)
        let failing = signals.filter { $0.status == .failing }.count
        if failing > 0 {
            used += canvas.put(" \(Glyph.bad) \(failing) failing", x: x + used, y: y, style: Style(fg: .bad, bold: true),
                               maxWidth: width - used)
        }
        if used < width { canvas.put(" ", x: x + used, y: y) }
        for (label, cx, w) in labels where cx + w <= width {
            let lx = cx + w - DisplayWidth.of(label)
            if lx > used { canvas.put(label, x: x + lx, y: y, style: Style(fg: .muted)) }
        }
        if headerStart - 1 < width && headerStart - 1 > used { canvas.put(" ", x: x + headerStart - 1, y: y) }
    }

    /// One scale per signal and deployment, over every row of it (each
    /// variant, the canary comparison) and its baseline's values: rows meant
    /// to be compared are drawn on the same scale.
    func sharedScales() -> [String: ClosedRange<Double>] {
        var series: [String: [[Double]]] = [:]
        for s in signals { series[Self.scaleKey(s), default: []] += [s.history, s.baselineHistory] }
        return series.compactMapValues { Sparkline.scale(of: $0) }
    }

    static func scaleKey(_ s: SignalState) -> String { s.signal + "\u{0}" + s.group }

    /// Trends this wide or wider show their scale at the right (`0.29…1`).
    static let labelledTrend = 24

    private func drawRow(_ s: SignalState, scale: ClosedRange<Double>?, on canvas: inout Canvas, x: Int, y: Int,
                         width: Int, cols: Columns) {
        let isSelected = selected.map { $0.matches(s) } ?? false
        let base = isSelected ? Style(bg: .selected, bold: true) : Style.plain
        if isSelected {
            canvas.fill(x: x, y: y, width: width, height: 1, with: Cell(text: " ", style: base))
            canvas.put("▶", x: x, y: y, style: base.foreground(.accent))
        }
        let badge = StatusBadge(s)
        canvas.put(badge.text, x: x + cols.statusX, y: y, style: base.foreground(badge.role).emphasized)
        canvas.putTruncating(label(s), x: x + cols.nameX, y: y, style: base, maxWidth: cols.name)
        let value = Format.number(s.value, width: cols.value)
        canvas.put(TextLayout.pad(value, toWidth: cols.value, alignRight: true), x: x + cols.valueX, y: y,
                   style: base.foreground(badge.role == .bad ? .bad : .normal))
        canvas.put(TextLayout.pad(reference(s, width: cols.base), toWidth: cols.base, alignRight: true),
                   x: x + cols.baseX, y: y, style: base.foreground(.muted))
        if cols.spark > 0 {
            var sparkWidth = cols.spark
            if cols.spark >= Self.labelledTrend, let scale {
                let label = TextLayout.pad(Sparkline.label(scale, width: 5), toWidth: 11, alignRight: true)
                sparkWidth -= 12
                canvas.put(label, x: x + cols.sparkX + sparkWidth + 1, y: y, style: base.foreground(.muted))
            }
            canvas.put(Sparkline.render(s.history, width: sparkWidth, scale: scale), x: x + cols.sparkX, y: y,
                       style: base.foreground(badge.role == .bad ? .bad : .accent))
        }
        let age = Format.age(of: s.lastSeen, now: now)
        canvas.put(TextLayout.pad(age, toWidth: cols.age, alignRight: true), x: x + cols.ageX, y: y,
                   style: base.foreground(s.status == .noData ? .warn : .muted), maxWidth: width - cols.ageX)
    }

    /// `quality_score · support-agent [canary]`: the scope only when it says
    /// something (not "all").
    func label(_ s: SignalState) -> String {
        var text = s.signal
        if showGroup { text += " · " + s.group }
        if let tag = Wording.scopeTag(s.scope) { text += " [\(tag)]" }
        return text
    }

    /// The baseline when there is one, else the threshold as `thr N`.
    func reference(_ s: SignalState, width: Int) -> String {
        if let b = s.baseline { return Format.number(b, width: width) }
        if let t = s.threshold { return "thr " + Format.number(t, width: width - 4) }
        return "—"
    }
}
