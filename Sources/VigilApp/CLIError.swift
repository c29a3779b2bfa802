/// An error whose text tells the user what to do. Library code throws it
/// instead of exiting; the command line's `main` prints it after `vigil: `
/// and exits with status 1.
public struct CLIError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
