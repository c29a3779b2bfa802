import ArgumentParser
import Foundation

/// Says plainly that a command is not built yet, and exits non-zero: an
/// unfinished command never pretends to have worked.
func unfinished(_ what: String) -> Never {
    fail("\(what) is not implemented yet in this build")
}
