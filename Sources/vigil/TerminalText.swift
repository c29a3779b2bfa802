import Foundation
import VigilCore

/// Every line the command line prints goes through here: labels, policy
/// messages and paths come from files other people write, and an escape
/// code in them must reach the operator's terminal as a visible mark, never
/// as a command (see `TextSanitizer`).
func printText(_ text: String, terminator: String = "\n") {
    print(TextSanitizer.cleanLines(text), terminator: terminator)
}

// Messages for standard error: `StandardOutput.error`, sanitized the same way.
