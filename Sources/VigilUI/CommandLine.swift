import VigilCore

/// One `:` command: how help writes it, what it does, the words that run it.
struct CommandSpec: Sendable {
    enum Kind: Sendable { case theme, speed, seek, pause, filter, ledger, sources, messages, help, quit, snooze, reason }
    let kind: Kind
    /// As help writes it, without the colon: `theme NAME`.
    let usage: String
    let help: String
    /// The words that run it; docs name the `listed` ones, the first with
    /// the usage's argument.
    let listed: [String]
    let unlisted: [String]

    /// Whether the usage names an argument (`theme NAME`): completing the
    /// command then adds the space before it.
    var takesArgument: Bool { usage.contains(" ") }
}

/// The `:` command language: a handful of words, each a synonym for keys or
/// a way to give an argument a key cannot (a theme name, an exact speed).
/// `commands` is the one list the parser, the usage line, the `:` key's
/// help and docs/keys.md read.
enum CommandLine {
    static let commands: [CommandSpec] = [
        CommandSpec(kind: .theme, usage: "theme NAME",
                    help: "switch theme (`dark`, `light`, `high-contrast`, `monochrome`, or a file in `$XDG_CONFIG_HOME/vigil/themes` or `themes/`)",
                    listed: ["theme"], unlisted: []),
        CommandSpec(kind: .speed, usage: "speed N", help: "set the replay speed (event seconds per second; `60`, `2.5x`)",
                    listed: ["speed"], unlisted: []),
        CommandSpec(kind: .seek, usage: "seek ±N[s/m/h]", help: "move the replay by event time (`:seek -5m`)",
                    listed: ["seek"], unlisted: []),
        CommandSpec(kind: .pause, usage: "pause", help: "pause or resume the replay",
                    listed: ["pause"], unlisted: ["resume", "play"]),
        CommandSpec(kind: .snooze, usage: "snooze DURATION",
                    help: "snooze the highlighted proposal for `30m`, `2h`, `90s` (at most 24h; `s` snoozes for 10m)",
                    listed: ["snooze"], unlisted: []),
        CommandSpec(kind: .reason, usage: "reason TEXT",
                    help: "record why: explains your decision of the last 2 minutes, else goes with your next one",
                    listed: ["reason"], unlisted: ["why"]),
        CommandSpec(kind: .filter, usage: "filter TEXT", help: "set the filter (empty clears it)",
                    listed: ["filter"], unlisted: []),
        CommandSpec(kind: .ledger, usage: "ledger", help: "open the ledger", listed: ["ledger"], unlisted: ["timeline"]),
        CommandSpec(kind: .sources, usage: "sources", help: "open the health of the input sources",
                    listed: ["sources"], unlisted: ["health"]),
        CommandSpec(kind: .messages, usage: "messages", help: "open the messages of this session",
                    listed: ["messages"], unlisted: ["log"]),
        CommandSpec(kind: .help, usage: "help", help: "open help", listed: ["help"], unlisted: ["h"]),
        CommandSpec(kind: .quit, usage: "quit", help: "quit", listed: ["quit", "q"], unlisted: ["exit"]),
    ]

    /// Every command as help writes it: `:theme NAME`, `:speed N`, …
    static let usages = commands.map { ":" + $0.usage }
    static let usage = usages.joined(separator: " · ")

    /// The command a word runs, listed or not.
    static func command(named verb: String) -> CommandSpec? {
        commands.first { $0.listed.contains(verb) || $0.unlisted.contains(verb) }
    }

    static func execute(_ line: String, view: ViewState,
                        model: DashboardModel, nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first?.lowercased() else { return (v, []) }
        let argument = words.dropFirst().joined(separator: " ")
        guard let command = command(named: verb) else {
            v.message = "unknown command :\(verb) — \(usage)"
            return (v, [])
        }
        switch command.kind {
        case .quit:
            return Reducer.quit(v, model: model, nowMillis: nowMillis)
        case .theme:
            guard !argument.isEmpty else {
                v.message = "usage: :theme NAME (dark, light, high-contrast, monochrome)"
                return (v, [])
            }
            return (v, [.theme(argument)])
        case .speed:
            guard let s = parseSpeed(argument) else {
                v.message = "usage: :speed N (a positive number, e.g. :speed 60)"
                return (v, [])
            }
            return Reducer.replayOnly(v, model, .speed(s))
        case .seek:
            guard let s = parseSeconds(argument) else {
                v.message = "usage: :seek ±N[s/m/h] (e.g. :seek -5m)"
                return (v, [])
            }
            return Reducer.replayOnly(v, model, .seek(seconds: s))
        case .pause:
            return Reducer.replayOnly(v, model, .togglePause)
        case .snooze:
            let seconds = argument.isEmpty ? Int(Decision.defaultSnooze.milliseconds / 1000)
                                           : parseSeconds(argument).map { Int($0.rounded()) }
            guard let seconds, seconds > 0, seconds <= maxSnoozeSeconds else {
                v.message = "usage: :snooze DURATION (e.g. :snooze 30m; from 1s to 24h)"
                return (v, [])
            }
            guard let id = v.decisionTarget(in: model) else {
                v.message = "no proposal to snooze"
                return (v, [])
            }
            return Reducer.decide(v, .snooze, proposalID: id, snoozeSeconds: seconds, model: model, nowMillis: nowMillis)
        case .reason:
            guard !argument.isEmpty else {
                v.message = "usage: :reason TEXT (why you decided as you did)"
                return (v, [])
            }
            if model.status.readOnly {
                v.message = "read-only: decisions and their reasons are disabled"
                return (v, [])
            }
            v.message = "reason: \(argument)"
            return (v, [.reason(argument)])
        case .filter:
            v.filter = argument
            return (v, [])
        case .ledger:
            if v.screen != .ledger { Reducer.push(&v, .ledger) }
            return (v, [])
        case .sources:
            if v.screen != .sources { Reducer.push(&v, .sources) }
            return (v, [])
        case .help:
            if v.screen != .help { Reducer.push(&v, .help) }
            return (v, [])
        case .messages:
            if v.screen != .messages { Reducer.push(&v, .messages) }
            return (v, [])
        }
    }

    /// The longest snooze: longer belongs in the policy, not in a key press.
    static let maxSnoozeSeconds = 24 * 3600

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
