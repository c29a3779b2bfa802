/// The `:` command language: a handful of words, each a synonym for keys or
/// a way to give an argument a key cannot (a theme name, an exact speed).
enum CommandLine {
    static let usage = ":theme NAME · :speed N · :seek ±N[s/m/h] · :pause · :filter TEXT · :ledger · :sources · :help · :quit"

    static func execute(_ line: String, view: ViewState,
                        model: DashboardModel, nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first?.lowercased() else { return (v, []) }
        let argument = words.dropFirst().joined(separator: " ")
        switch verb {
        case "q", "quit", "exit":
            return Reducer.quit(v, model: model, nowMillis: nowMillis)
        case "theme":
            guard !argument.isEmpty else {
                v.message = "usage: :theme NAME (dark, light, high-contrast, monochrome)"
                return (v, [])
            }
            return (v, [.theme(argument)])
        case "speed":
            guard let s = parseSpeed(argument) else {
                v.message = "usage: :speed N (a positive number, e.g. :speed 60)"
                return (v, [])
            }
            return Reducer.replayOnly(v, model, .speed(s))
        case "seek":
            guard let s = parseSeconds(argument) else {
                v.message = "usage: :seek ±N[s/m/h] (e.g. :seek -5m)"
                return (v, [])
            }
            return Reducer.replayOnly(v, model, .seek(seconds: s))
        case "pause", "resume", "play":
            return Reducer.replayOnly(v, model, .togglePause)
        case "filter":
            v.filter = argument
            return (v, [])
        case "ledger", "timeline":
            if v.screen != .ledger { Reducer.push(&v, .ledger) }
            return (v, [])
        case "sources", "health":
            if v.screen != .sources { Reducer.push(&v, .sources) }
            return (v, [])
        case "help", "h":
            if v.screen != .help { Reducer.push(&v, .help) }
            return (v, [])
        default:
            v.message = "unknown command :\(verb) — \(usage)"
            return (v, [])
        }
    }

    static func parseSpeed(_ s: String) -> Double? {
        var t = s.trimmingSuffix("x")
        t = t.trimmingSuffix("×")
        guard let d = Double(t), d.isFinite, d > 0 else { return nil }
        return d
    }

    /// `30`, `30s`, `-5m`, `+1h` → seconds.
    static func parseSeconds(_ s: String) -> Double? {
        guard let last = s.last else { return nil }
        var scale = 1.0
        var number = s
        switch last {
        case "s": number.removeLast()
        case "m": number.removeLast(); scale = 60
        case "h": number.removeLast(); scale = 3600
        default: break
        }
        if number.hasPrefix("+") { number.removeFirst() }
        guard let d = Double(number), d.isFinite else { return nil }
        return d * scale
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
