/// Why one input line could not be decoded, with a 1-based line and column.
///
/// Columns count bytes from the start of the line (not characters), so they
/// stay exact for invalid UTF-8 and agree with `cut -b`.
public struct ParseFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line; self.column = column; self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A failure found while scanning one line: a 0-based byte offset in that line.
/// The line decoder turns it into a `ParseFailure` once it knows the line number.
struct ScanError: Error {
    var offset: Int
    var message: String

    func failure(line: Int) -> ParseFailure {
        ParseFailure(line: line, column: offset + 1, message: message)
    }
}
