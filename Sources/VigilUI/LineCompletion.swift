/// Tab on the `:` line (and after `/`): the first word completes to a
/// command, a later word to what the command takes (theme names for
/// `:theme`; deployments, signals and proposal ids for `:filter`). Pure: the
/// candidates come from the model and the view state.
struct LineCompletion: Sendable, Hashable {
    /// The line up to the word being completed.
    var stem: String
    /// What the word can become, in the order Tab steps through them.
    var candidates: [String]
    /// The candidate shown; Tab and Shift-Tab move it.
    var index: Int

    /// The line with the chosen candidate in place of the word.
    var line: String { stem + candidates[index] }

    /// The word being completed in `line`, the line before it, and what the
    /// word may become (those that start with it, ignoring case).
    static func candidates(for line: String, mode: InputMode, view: ViewState,
                           model: DashboardModel) -> (stem: String, word: String, words: [String]) {
        let stem: String
        let word: String
        if let space = line.lastIndex(of: " ") {
            stem = String(line[...space])
            word = String(line[line.index(after: space)...])
        } else {
            stem = ""
            word = line
        }
        let all: [String]
        if mode == .filter {
            all = filterWords(model)
        } else if stem.trimmingSpaces.isEmpty {
            all = CommandLine.commands.flatMap(\.listed)
        } else {
            let verb = stem.split(separator: " ").first.map { $0.lowercased() } ?? ""
            switch CommandLine.command(named: verb)?.kind {
            case .theme?: all = view.themeNames
            case .filter?: all = filterWords(model)
            default: all = []
            }
        }
        let needle = word.lowercased()
        var seen = Set<String>()
        let words = all.filter { $0.lowercased().hasPrefix(needle) && seen.insert($0).inserted }
        return (stem, word, words)
    }

    /// What a filter is usually typed for: deployments, then signals, then proposal ids.
    static func filterWords(_ model: DashboardModel) -> [String] {
        StatusBar.deployments(model.core) + model.core.signals.map(\.signal).sorted()
            + model.core.proposals.map(\.id)
    }

    /// The longest start that all `words` share, ignoring case (taken from the first).
    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for w in words.dropFirst() {
            let chars = Array(w)
            var n = 0
            while n < prefix.count, n < chars.count, String(prefix[n]).lowercased() == String(chars[n]).lowercased() {
                n += 1
            }
            prefix = Array(prefix.prefix(n))
        }
        return String(prefix)
    }
}
