import VigilCore
import VigilWording

/// The first screen when more than one deployment is watched: one row per
/// deployment (its state, the rollout in progress and its weights, the
/// worst signal, open proposals, time since the change), most urgent first,
/// then the proposals of every deployment in the same order, then the
/// timeline. Enter opens a deployment's own screen.
enum FleetScreen {
    static let hints = "↑/↓ select · Enter open · ? help · l ledger · h sources · q quit"

    /// Which deployment a screen opened from the fleet shows, and the way
    /// back, before its key hints: `beta-bot · Esc fleet · `.
    static func within(_ view: ViewState) -> String {
        view.deployment.map { "\($0) · Esc fleet · " } ?? ""
    }

    /// Column widths for a screen `width` columns wide.
    struct Columns {
        static let open = 5
        /// Below this width the state is its glyph alone and the worst
        /// signal and the time since the change are left out.
        static let compactWidth = 72
        var state: Int, changed: Int
        var name: Int, rollout: Int, worst: Int

        /// The name gets what the longest needs (10 to 24 columns); the
        /// rollout (its weights are what this screen is for) up to three
        /// fifths of the rest, the worst signal what is left, each no wider
        /// than its longest text needs.
        init(width: Int, longestName: Int, longestRollout: Int = .max, longestWorst: Int = .max) {
            let compact = width < Self.compactWidth
            state = compact ? 1 : ProposalBadge.width
            changed = compact ? 0 : 7
            // marker, state, name, rollout, worst, open, changed and the gaps between.
            let fixed = 2 + state + Self.open + changed + (compact ? 3 : 5)
            let rest = max(0, width - fixed)
            name = min(max(10, longestName), 24, max(0, rest - (compact ? 8 : 16)))
            let flexible = max(0, rest - name - 1)
            if compact {
                (rollout, worst) = (flexible, 0)
            } else {
                rollout = min(max(12, longestRollout), max(flexible * 3 / 5, flexible - longestWorst))
                worst = min(max(12, longestWorst), flexible - rollout)
            }
        }
        var stateX: Int { 2 }
        var nameX: Int { stateX + state + 1 }
        var rolloutX: Int { nameX + name + 1 }
        var worstX: Int { rolloutX + rollout + 1 }
        var openX: Int { worstX + (worst > 0 ? worst + 1 : 0) }
        var changedX: Int { openX + Self.open + 1 }
    }

    static func draw(_ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        let h = canvas.height
        StatusBar.drawFlagsAndSources(model, on: &canvas, y: 1)
        BottomBars.drawInput(model, view, hints: hints, on: &canvas, y: h - 1)
        let rows = Fleet.rows(model.core, filter: view.filter)
        let queue = ProposalQueue.ordered(model, filter: view.filter).filter(\.isOpen)
        // Rows 2 … h-3: the fleet table (title, header, rows), the queue
        // (title, rows), the timeline (one row).
        let middle = h - 4
        let queueWanted = 1 + max(1, queue.count)
        let fleetRows = min(rows.count, max(1, middle - 2 - min(queueWanted, 4)))
        let queueRows = max(0, middle - 2 - fleetRows)
        var y = 2
        drawTable(rows, of: Fleet.deployments(model.core).count, selected: view.selectedFleetRow(in: model),
                  now: model.core.eventTime, on: &canvas, y: y, rows: fleetRows)
        y += 2 + fleetRows
        drawQueue(queue, model: model, on: &canvas, y: y, rows: queueRows)
        BottomBars.drawTimeline(model.core, filter: view.filter, on: &canvas, y: h - 2)
    }

    static func title(_ text: String, _ detail: String, on canvas: inout Canvas, y: Int) {
        let rule = Style(fg: .border)
        canvas.fill(x: 0, y: y, width: canvas.width, height: 1, with: Cell(text: "─", style: rule))
        var x = canvas.put("─ ", x: 0, y: y, style: rule)
        x += canvas.put(text, x: x, y: y, style: Style(fg: .header, bold: true))
        x += canvas.put(" · " + detail + " ", x: x, y: y, style: Style(fg: .muted))
    }

    static func drawTable(_ rows: [FleetRow], of all: Int, selected: Int?, now: EventTime?, on canvas: inout Canvas,
                          y: Int, rows shown: Int) {
        let failing = rows.filter { Fleet.severity(of: $0) <= 1 }.count
        let count = rows.count == all ? "\(all) watched" : "\(rows.count) of \(all) match the filter"
        title("Deployments", count + ", most urgent first"
              + (failing > 0 ? " · \(failing) need a decision or are failing" : ""), on: &canvas, y: y)
        let cols = Columns(width: canvas.width, longestName: rows.map { DisplayWidth.of($0.deployment) }.max() ?? 0,
                           longestRollout: rows.map { DisplayWidth.of(rolloutText($0)) }.max() ?? 0,
                           longestWorst: 2 + (rows.map { DisplayWidth.of(worstText($0)) }.max() ?? 0))
        let head = Style(fg: .muted)
        if cols.state > 1 { canvas.put("state", x: cols.stateX, y: y + 1, style: head) }
        canvas.put("deployment", x: cols.nameX, y: y + 1, style: head, maxWidth: cols.name)
        canvas.put(cols.rollout >= 19 ? "rollout in progress" : "rollout", x: cols.rolloutX, y: y + 1, style: head,
                   maxWidth: cols.rollout)
        if cols.worst > 0 { canvas.put("worst signal", x: cols.worstX, y: y + 1, style: head, maxWidth: cols.worst) }
        canvas.put(TextLayout.pad("open", toWidth: Columns.open, alignRight: true), x: cols.openX, y: y + 1, style: head)
        if cols.changed > 0 {
            canvas.put(TextLayout.pad("changed", toWidth: cols.changed, alignRight: true), x: cols.changedX, y: y + 1,
                       style: head)
        }
        // Keep the selection in view.
        let sel = selected ?? 0
        let first = min(max(0, sel - shown + 1), max(0, rows.count - shown))
        for (n, i) in (first..<min(rows.count, first + shown)).enumerated() {
            drawRow(rows[i], selected: i == selected, now: now, cols: cols, on: &canvas, y: y + 2 + n)
        }
    }

    static func drawRow(_ r: FleetRow, selected: Bool, now: EventTime?, cols: Columns, on canvas: inout Canvas, y: Int) {
        let base = selected ? Style(bg: .selected, bold: true) : Style.plain
        if selected {
            canvas.fill(x: 0, y: y, width: canvas.width, height: 1, with: Cell(text: " ", style: base))
            canvas.put("▶", x: 0, y: y, style: base.foreground(.accent))
        }
        let state = stateBadge(r)
        canvas.put(cols.state > 1 ? state.text : String(state.text.prefix(1)), x: cols.stateX, y: y,
                   style: base.foreground(state.role).emphasized)
        canvas.putTruncating(r.deployment, x: cols.nameX, y: y, style: base.emphasized, maxWidth: cols.name)
        canvas.putTruncating(rolloutText(r), x: cols.rolloutX, y: y,
                             style: base.foreground(r.rollouts.isEmpty ? .muted : .accent), maxWidth: cols.rollout)
        if cols.worst == 0 {
            // Compact: no worst-signal column.
        } else if let s = r.worst {
            let badge = StatusBadge(s)
            let x = canvas.put(String(badge.text.prefix(1)) + " ", x: cols.worstX, y: y,
                               style: base.foreground(badge.role).emphasized)
            canvas.putTruncating(worstText(r), x: cols.worstX + x, y: y, style: base, maxWidth: cols.worst - x)
        } else {
            canvas.put("no signals", x: cols.worstX, y: y, style: base.foreground(.muted), maxWidth: cols.worst)
        }
        let open = r.open == 0 ? "—" : r.escalated > 0 ? "\(r.open) \(Glyph.escalated)" : "\(r.open)"
        canvas.put(TextLayout.pad(open, toWidth: Columns.open, alignRight: true), x: cols.openX, y: y,
                   style: base.foreground(r.escalated > 0 ? .bad : r.open > 0 ? .warn : .muted).emphasized)
        guard cols.changed > 0 else { return }
        let age = r.changedAt.map { Format.age(of: $0, now: now) } ?? "—"
        canvas.put(TextLayout.pad(age, toWidth: cols.changed, alignRight: true), x: cols.changedX, y: y,
                   style: base.foreground(.muted), maxWidth: canvas.width - cols.changedX)
    }

    /// The row's state: escalated, else the worst signal's, else pending.
    static func stateBadge(_ r: FleetRow) -> (text: String, role: ColorRole) {
        if r.escalated > 0 { let b = ProposalBadge(.escalated); return (b.text, b.role) }
        if let s = r.worst, s.status == .failing || r.open == 0 { let b = StatusBadge(s); return (b.text, b.role) }
        if r.open > 0 { let b = ProposalBadge(.pending); return (b.text, b.role) }
        return ("\(Glyph.noData) NO DATA", .muted)
    }

    /// Every rollout in progress, or "none".
    static func rolloutText(_ r: FleetRow) -> String {
        r.rollouts.isEmpty ? "none" : r.rollouts.map { rolloutText($0, r.deployment) }.joined(separator: " · ")
    }

    /// `quality_score [canary]`, without the glyph drawn before it.
    static func worstText(_ r: FleetRow) -> String {
        guard let s = r.worst else { return "no signals" }
        return s.signal + (Wording.scopeTag(s.scope).map { " [\($0)]" } ?? "")
    }

    /// `model v1 90% / v2 10%`: the flag without its deployment's prefix.
    static func rolloutText(_ f: FlagState, _ deployment: String) -> String {
        let text = Format.flag(f)
        let prefix = deployment + "."
        return text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
    }

    static func drawQueue(_ queue: [Proposal], model: DashboardModel, on canvas: inout Canvas, y: Int, rows: Int) {
        guard rows > 0 else { return }
        title("Proposals", queue.isEmpty ? "none open" : "\(queue.count) open across deployments, most urgent first"
              + " · Enter a deployment to decide", on: &canvas, y: y)
        guard rows > 1 else { return }
        if queue.isEmpty {
            canvas.put("  nothing needs a decision", x: 0, y: y + 1, style: Style(fg: .muted))
            return
        }
        let nameW = min(24, max(10, queue.map { DisplayWidth.of($0.group) }.max() ?? 0))
        let shown = queue.count > rows - 1 ? rows - 2 : rows - 1
        for (n, p) in queue.prefix(max(0, shown)).enumerated() {
            let row = y + 1 + n
            let badge = ProposalBadge(p.status)
            var x = 2
            x += canvas.put(TextLayout.pad(p.id, toWidth: 5), x: x, y: row, style: Style(bold: true)) + 1
            x += canvas.put(TextLayout.pad(badge.text, toWidth: ProposalBadge.width), x: x, y: row,
                            style: Style(fg: badge.role, bold: true)) + 1
            x += canvas.put(TextLayout.pad(p.group, toWidth: nameW), x: x, y: row, style: Style(bold: true)) + 1
            let blast = "\(formatNumber(p.blastRadius.trafficPercent, digits: 0))%"
            x += canvas.put(TextLayout.pad(blast, toWidth: 4, alignRight: true), x: x, y: row,
                            style: Style(fg: .muted)) + 1
            let what = EscalationText.line(p, model).map { Wording.title(p) + " · escalated " + $0 } ?? Wording.title(p)
            canvas.putTruncating(what, x: x, y: row, style: .plain, maxWidth: canvas.width - x)
        }
        if shown < queue.count, shown >= 0 {
            canvas.put("  … \(queue.count - shown) more: open a deployment, or l for the ledger", x: 0,
                       y: y + 1 + shown, style: Style(fg: .muted))
        }
    }
}
