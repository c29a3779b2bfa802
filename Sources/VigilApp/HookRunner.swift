import VigilActions
import VigilCore

/// Runs the hook configured for an action kind (argv, never a shell).
enum HookRunner {
    static func run(argv: [String], proposal: Proposal) -> (Bool, String) {
        (false, "hooks are not wired yet: \(argv.first ?? "?") was not run")
    }
}
