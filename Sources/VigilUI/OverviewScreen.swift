import VigilCore

/// The main screen at 80×24 and larger: status, four signal panels (stacked
/// below 120 columns; from 120 a 2×2 grid when the signal names fit in half
/// the width or stacking would not fit the height), the proposals queue with
/// the selected proposal's evidence, the timeline and the input row.
enum OverviewScreen {
    static let hints = "? help · / filter · : command · Tab focus · Enter details · l ledger · q quit"
    /// At this width and wider the panels sit in a 2×2 grid.
    static let gridWidth = 120

    /// Why an empty queue does not mean all is well: a source that cannot be
    /// read, or no data at all yet. Nil when the empty queue can be trusted.
    static func trouble(_ model: DashboardModel) -> String? {
        let broken = model.status.sources.filter { $0.unreadable != nil }
        if let first = broken.first {
            let more = broken.count > 1 ? " (and \(broken.count - 1) more)" : ""
            // Short: the reason is in the status bar and on the sources screen.
            return "source \(first.name)\(more) ✗ unread, its signals not judged (h: why)"
        }
        if model.core.eventTime == nil && !model.status.configuredSignals.isEmpty {
            return "no data has arrived yet, so nothing is judged (h: sources)"
        }
        return nil
    }

    static func draw(_ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        let w = canvas.width, h = canvas.height
        StatusBar.drawFlagsAndSources(model, on: &canvas, y: 1)
        BottomBars.drawInput(model, view, hints: FleetScreen.within(view) + hints, on: &canvas, y: h - 1)

        let signals = SignalList.ordered(model, filter: view.filter)
        let selectedSignal = view.focus == .signals ? view.selectedSignalID(in: model) : nil
        let showGroup = Set(model.core.signals.map(\.group)).count > 1
        let seen = Set(model.core.signals.map(\.signal))
        let waiting = model.status.configuredSignals.filter {
            !seen.contains($0.name) && (view.filter.isEmpty || $0.name.lowercased().contains(view.filter.lowercased()))
        }
        var panels = SignalFamily.allCases.map { f in
            SignalPanel(family: f, signals: signals.filter { $0.family == f }, selected: selectedSignal,
                        now: model.core.eventTime, showGroup: showGroup, waiting: waiting.filter { $0.family == f })
        }
        // The layout (grid or stacked, the name column) is chosen for every
        // signal, filtered or not, so typing a filter never rearranges it.
        let all = view.filter.isEmpty ? panels : SignalFamily.allCases.map { f in
            SignalPanel(family: f, signals: model.core.signals.filter { $0.family == f }, selected: nil,
                        now: model.core.eventTime, showGroup: showGroup)
        }
        let labelWidth = all.map(\.longestLabel).max() ?? 0
        for i in panels.indices { panels[i].labelWidth = labelWidth }
        let shownProposals = ProposalQueue.ordered(model, filter: view.filter)
        let queue = ProposalQueueView(
            queue: shownProposals, selected: view.selectedProposal(in: model),
            now: model.core.eventTime, readOnly: model.status.readOnly, focused: view.focus == .proposals,
            filter: view.filter, hidden: model.core.proposals.count - shownProposals.count,
            escalations: EscalationText.lines(shownProposals, model),
            trouble: trouble(model))

        // Rows between the status bar and the input row, shared out in order
        // of need: panels and queue get what they ask for (the queue at least
        // its minimum), the timeline grows into spare rows, and whatever is
        // still left goes to the panels.
        let middle = h - 3
        let stackedDemand = panels.reduce(0) { $0 + 1 + $1.demand }
        let namesFitInGrid = labelWidth <= SignalPanel.Columns.room((w - 1) / 2)
        let queueMinimum = queue.minimum(width: w)
        let stackedFits = all.reduce(0) { $0 + 1 + $1.demand } + queueMinimum + 1 <= middle
        let grid = w >= gridWidth && (namesFitInGrid || !stackedFits)
        let panelDemand = grid
            ? (1 + max(panels[0].demand, panels[1].demand)) + (1 + max(panels[2].demand, panels[3].demand))
            : stackedDemand
        let queueDemand = queue.demand(width: w)
        let timelineDemand = 1 + min(model.core.timeline.count, 10)
        let queueRows = panelDemand + queueDemand + 1 <= middle
            ? queueDemand
            : min(middle - 1, max(queueMinimum, middle - 1 - panelDemand))
        let spare = max(0, middle - queueRows - panelDemand - 1)
        let timelineRows = spare >= 2 ? min(timelineDemand, spare + 1) : 1
        let panelRows = middle - queueRows - timelineRows
        let timelineY = 2 + panelRows + queueRows
        if timelineRows == 1 {
            BottomBars.drawTimeline(model.core, filter: view.filter, on: &canvas, y: timelineY)
        } else {
            BottomBars.drawTimelineBlock(model.core, filter: view.filter, on: &canvas, y: timelineY, rows: timelineRows)
        }

        if grid {
            let rows = Layout.allocate(panelRows, demands: [1 + max(panels[0].demand, panels[1].demand),
                                                            1 + max(panels[2].demand, panels[3].demand)],
                                       minimum: 2)
            let leftW = (w - 1) / 2
            let rightX = leftW + 1
            var y = 2
            for (r, rh) in rows.enumerated() {
                panels[r * 2].draw(on: &canvas, x: 0, y: y, width: leftW, height: rh)
                for dy in 0..<rh { canvas.put(dy == 0 ? "┬" : "│", x: leftW, y: y + dy, style: Style(fg: .border)) }
                panels[r * 2 + 1].draw(on: &canvas, x: rightX, y: y, width: w - rightX, height: rh)
                y += rh
            }
        } else {
            let rows = Layout.allocate(panelRows, demands: panels.map { 1 + $0.demand }, minimum: 2)
            var y = 2
            for (panel, rh) in zip(panels, rows) {
                panel.draw(on: &canvas, x: 0, y: y, width: w, height: rh)
                y += rh
            }
        }
        queue.draw(on: &canvas, x: 0, y: 2 + panelRows, width: w, height: queueRows)
    }
}
