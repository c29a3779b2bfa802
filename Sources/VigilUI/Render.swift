/// Pure view: model + view state → one frame of the given size.
///
/// Every screen fits any size from `Render.minimumSize` up; the overview
/// switches to a compact layout below `Render.fullSize`, and below the
/// minimum the frame says how much room it needs instead of drawing a
/// layout that would mislead.
public func render(_ model: DashboardModel, _ view: ViewState, width: Int, height: Int,
                   theme: Theme) -> Canvas {
    var canvas = Canvas(width: width, height: height)
    guard width >= Render.minimumSize.width, height >= Render.minimumSize.height else {
        Render.tooSmall(&canvas)
        return canvas
    }
    switch view.screen {
    case .fleet: FleetScreen.draw(model, view, on: &canvas)
    case .overview:
        // Opened from the fleet: that deployment only, header included.
        let shown = model.scoped(to: view.deployment)
        if width >= Render.fullSize.width && height >= Render.fullSize.height {
            OverviewScreen.draw(shown, view, on: &canvas)
        } else {
            CompactScreen.draw(shown, view, on: &canvas)
        }
    case .proposal(let id): ProposalDetailScreen.draw(id, model, view, on: &canvas)
    case .signal(let id): SignalDetailScreen.draw(id, model, view, on: &canvas)
    case .ledger: LedgerScreen.draw(model, view, on: &canvas)
    case .sources: SourcesScreen.draw(model, view, on: &canvas)
    case .help: HelpScreen.draw(model, view, theme: theme, on: &canvas)
    case .messages: MessagesScreen.draw(model, view, on: &canvas)
    }
    Header.draw(model, view, on: &canvas)
    if view.screen != .messages { BottomBars.drawMessage(view, on: &canvas, y: height - 2) }
    return canvas
}

public enum Render {
    /// Below this the overview uses the compact layout.
    public static let fullSize = (width: 80, height: 24)
    /// Below this nothing but a "too small" message is drawn.
    public static let minimumSize = (width: 40, height: 12)

    static func tooSmall(_ canvas: inout Canvas) {
        let text = "terminal too small: need at least \(minimumSize.width)×\(minimumSize.height)"
            + " (now \(canvas.width)×\(canvas.height))"
        let lines = TextLayout.wrap(text, width: max(1, canvas.width))
        for (i, line) in lines.prefix(canvas.height).enumerated() {
            canvas.put(line, x: 0, y: i, style: Style(fg: .warn, bold: true))
        }
    }
}
