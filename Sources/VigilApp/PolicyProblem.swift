/// One thing wrong with a policy file, located so a person can fix it.
public struct PolicyProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var line: Int
    public var column: Int
    public var message: String
    public var severity: Severity

    public init(line: Int, column: Int, message: String, severity: Severity = .error) {
        self.line = line; self.column = column; self.message = message; self.severity = severity
    }

    public var description: String { "\(line):\(column): \(severity.rawValue): \(message)" }
}

/// All problems found in one file; thrown when any of them is an error.
public struct PolicyErrors: Error, CustomStringConvertible {
    public var file: String
    public var problems: [PolicyProblem]
    public var description: String {
        problems.map { "\(file):\($0)" }.joined(separator: "\n")
    }
}
