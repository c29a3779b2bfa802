import VigilCore
import VigilWording

/// One signal in full: every field the detector keeps, and its history as a
/// wide sparkline against the baseline's.
enum SignalDetailScreen {
    static func draw(_ id: SignalID, _ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        guard let s = model.core.signals.first(where: { id.matches($0) }) else {
            DocumentScreen.draw(title: [("Signal \(id.signal)", Style(bold: true))],
                                lines: [StyledLine("\(id.signal) (\(id.group), \(Wording.scope(id.scope))) is not in the current snapshot.",
                                                   Style(fg: .warn))],
                                model: model, view: view, hints: "Esc back", on: &canvas)
            return
        }
        let badge = StatusBadge(s.status)
        let title: [(String, Style)] = [("\(s.signal) ", Style(fg: .header, bold: true)),
                                        (badge.text + " ", Style(fg: badge.role, bold: true)),
                                        ("\(s.group) · \(Wording.scope(s.scope))", Style())]
        DocumentScreen.draw(title: title, lines: lines(s, model: model, width: canvas.width - 2),
                            model: model, view: view, hints: "Esc back · ? help", on: &canvas)
    }

    static func lines(_ s: SignalState, model: DashboardModel, width: Int) -> [StyledLine] {
        let badge = StatusBadge(s.status)
        var out: [StyledLine] = [
            DocumentScreen.field("Status", badge.text, Style(fg: badge.role, bold: true)),
            DocumentScreen.field("Panel", SignalPanel.title(s.family)),
            DocumentScreen.field("Metric", s.metric),
            DocumentScreen.field("Deployment", s.group),
            DocumentScreen.field("Scope", Wording.scope(s.scope)),
            DocumentScreen.field("Value", Format.number(s.value, width: 12)),
            DocumentScreen.field("Baseline", Format.number(s.baseline, width: 12)),
            DocumentScreen.field("Threshold", Format.number(s.threshold, width: 12)),
            DocumentScreen.field("Statistic", Wording.statistic(s.statistic)),
            DocumentScreen.field("Samples", String(s.samples)),
            DocumentScreen.field("Last seen", s.lastSeen.map {
                "\($0.iso8601) (\(Format.age(of: $0, now: model.core.eventTime)) before event time)"
            } ?? "never"),
            DocumentScreen.field("No data", "policy: \(s.noDataPolicy.rawValue)"),
            DocumentScreen.field("Critical", s.critical ? "yes" : "no"),
            StyledLine(),
        ]
        let sparkWidth = max(8, width - 16)
        out.append(DocumentScreen.heading("History (last \(s.history.count) values, oldest left)"))
        out.append(DocumentScreen.field(range(s.history), Sparkline.render(s.history, width: sparkWidth),
                                        Style(fg: badge.role == .bad ? .bad : .accent), labelWidth: 16))
        if !s.baselineHistory.isEmpty {
            out.append(DocumentScreen.heading("Baseline history (\(s.baselineHistory.count) values)"))
            out.append(DocumentScreen.field(range(s.baselineHistory),
                                            Sparkline.render(s.baselineHistory, width: sparkWidth),
                                            Style(fg: .muted), labelWidth: 16))
        }
        return out
    }

    /// `0.12…0.98` so the sparkline's scale is known.
    static func range(_ values: [Double]) -> String {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return "no values" }
        return "\(Format.number(lo, width: 6))…\(Format.number(hi, width: 6))"
    }
}
