/// A place in a source file: 1-based line and 1-based column (counted in Unicode scalars, as libyaml does).
public struct Position: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let start = Position(line: 1, column: 1)

    public static func < (lhs: Position, rhs: Position) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A position in a named file (`-` for standard input).
public struct Location: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var position: Position

    public init(file: String, position: Position) {
        self.file = file
        self.position = position
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    public static func < (lhs: Location, rhs: Location) -> Bool {
        (lhs.file, lhs.position) < (rhs.file, rhs.position)
    }

    public var description: String { "\(file):\(position.line):\(position.column)" }
}
