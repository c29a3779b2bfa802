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
        let badge = StatusBadge(s)
        let title: [(String, Style)] = [("\(s.signal) ", Style(fg: .header, bold: true)),
                                        (badge.text + " ", Style(fg: badge.role, bold: true)),
                                        ("\(s.group) · \(Wording.scope(s.scope))", Style())]
        DocumentScreen.draw(title: title, lines: lines(s, model: model, width: canvas.width - 2),
                            model: model, view: view, hints: "Esc back · ? help", on: &canvas)
    }

    static func lines(_ s: SignalState, model: DashboardModel, width: Int) -> [StyledLine] {
        let badge = StatusBadge(s)
        var out: [StyledLine] = [
            DocumentScreen.field("Status", badge.text, Style(fg: badge.role, bold: true)),
            DocumentScreen.field("Panel", SignalPanel.title(s.family)),
            DocumentScreen.field("Metric", s.metric),
            DocumentScreen.field("Deployment", s.group),
            DocumentScreen.field("Scope", Wording.scope(s.scope)),
            DocumentScreen.field("Value", Format.number(s.value, width: 12)),
            DocumentScreen.field("Baseline", Format.number(s.baseline, width: 12)),
            DocumentScreen.field("Threshold", Format.number(s.threshold, width: 12)),
        ]
        out += DocumentScreen.field("Statistic", Wording.statistic(s.statistic), width: width)
        out += [
            DocumentScreen.field("Samples", String(s.samples)),
            DocumentScreen.field("Last seen", s.lastSeen.map {
                "\($0.iso8601) (\(Format.age(of: $0, now: model.core.eventTime)) before event time)"
            } ?? "never"),
            DocumentScreen.field("No data", "policy: \(s.noDataPolicy.rawValue)"),
            DocumentScreen.field("Critical", s.critical ? "yes" : "no"),
            StyledLine(),
        ]
        out += history(s, width: width, role: badge.role == .bad ? .bad : .accent)
        return out
    }

    /// The signal's values, and its baseline's, on one scale whose range is
    /// shown: two pictures side by side must be comparable.
    static func history(_ s: SignalState, width: Int, role: ColorRole) -> [StyledLine] {
        let labelWidth = 10
        let own = 2 + 2 * 6 + 1
        let sparkWidth = max(8, width - labelWidth - own - 1)
        let shared = Sparkline.scale(s.history, s.baselineHistory)
        let compared = !s.baselineHistory.isEmpty
        var out = [DocumentScreen.heading("History (last \(s.history.count) values, oldest left)")]
        if compared {
            out.append(StyledLine("canary and baseline on one scale: \(Sparkline.label(shared))", Style(fg: .muted)))
        }
        func row(_ label: String, _ values: [Double], _ style: Style) {
            var l = DocumentScreen.field(label, Sparkline.render(values, width: sparkWidth, scale: shared), style,
                                         labelWidth: labelWidth)
            l.add("  " + Sparkline.label(Sparkline.scale(values)), Style(fg: .muted))
            out.append(l)
        }
        row(compared && s.scope == .canaryVsBaseline ? "canary" : "values", s.history, Style(fg: role))
        if compared { row("baseline", s.baselineHistory, Style(fg: .muted)) }
        return out
    }
}
