import Foundation
import VigilApp
import VigilTerminal

/// Shows a session on the terminal: the session's models go to the screen,
/// the screen's commands to the session, until the operator quits.
///
/// Everything that can fail at start (the theme, the terminal) is done
/// before the alternate screen opens, so its error is printed on the
/// ordinary terminal by `main` and stays readable after Vigil exits.
func runDashboard(_ session: Session, _ options: ScreenOptions) throws {
    let theme = try ThemeChoice.resolve(options.theme, policyTheme: session.config.theme)
    let screen: TerminalScreen
    do { screen = try TerminalScreen() } catch {
        throw CLIError("\(error) (use --headless for a JSON Lines event stream without a screen)")
    }
    let app = TerminalApp(screen: screen, theme: theme, initial: session.models.current,
                          attention: options.attention(session.config), mouse: options.mouse(session.config))
    session.models.attach { app.post($0) }
    session.start()
    app.run { session.perform($0) }
    session.stop()
    // What the alternate screen showed is gone once it closes: a source
    // that still cannot be read is said again on the restored terminal.
    for s in session.models.current.status.sources {
        if let why = s.unreadable { StandardOutput.error("source \(s.name) ✗ \(why)") }
    }
}
