import Foundation
import VigilApp
import VigilTerminal

/// Shows a session on the terminal: the session's models go to the screen,
/// the screen's commands to the session, until the operator quits.
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
}
