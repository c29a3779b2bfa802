import Testing
@testable import VigilTerminal
import VigilUI

/// The title the terminal had before Vigil is saved on its title stack
/// before the first title and brought back when Vigil gives the terminal
/// back: on quit, on a fatal signal, and while stopped by Ctrl-Z.
@Suite struct TitleStackTests {
    func app(_ terminal: ScriptedTerminal, attention: AttentionSettings = AttentionSettings()) -> TerminalApp {
        TerminalApp(backend: terminal, theme: .dark, initial: DashboardModel(), themeSearchPaths: [],
                    attention: attention, clock: { 10_000 })
    }

    @Test func theTitleIsPushedBeforeTheFirstAndPoppedAtQuitBeforeTheTerminalIsRestored() {
        let terminal = ScriptedTerminal()
        terminal.feed([.key(.char("q"))])
        var commands: [Command] = []
        app(terminal).run { commands.append($0) }
        #expect(commands == [.quit])
        #expect(terminal.titleLog == ["push", "title Vigil: all clear", "pop", "restore"])
    }

    @Test func aFatalSignalPopsTheTitleToo() {
        let terminal = ScriptedTerminal()
        let app = app(terminal)
        app.start()
        #expect(app.step { _ in } == .running)
        #expect(terminal.titleLog == ["push", "title Vigil: all clear"])
        terminal.feed([.terminate(signal: 15)])
        #expect(app.step { _ in } == .terminated(signal: 15))
        #expect(terminal.titleLog == ["push", "title Vigil: all clear", "pop", "restore"])
    }

    @Test func ctrlZGivesTheShellItsTitleAndTheNextFrameTakesItAgain() {
        let terminal = ScriptedTerminal()
        let app = app(terminal)
        app.start()
        terminal.feed([.suspendRequested])
        #expect(app.step { _ in } == .running)
        #expect(terminal.titleLog == ["push", "title Vigil: all clear", "pop", "suspend",
                                      "push", "title Vigil: all clear"])
    }

    @Test func withTitlesOffNothingIsPushedOrPopped() {
        let terminal = ScriptedTerminal()
        terminal.feed([.key(.char("q"))])
        app(terminal, attention: AttentionSettings(bell: true, title: false)).run { _ in }
        #expect(terminal.titleLog == ["restore"])
    }
}
