import Foundation
import VigilApp

func runDashboard(session: ReplaySession, decisions: DecisionOptions, theme: String?) {
    unfinished("the dashboard")
}

func runDashboard(live: LiveSession, decisions: DecisionOptions, theme: String?) {
    unfinished("the dashboard")
}
