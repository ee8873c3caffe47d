/// A place in a source file: 1-based line and 1-based column (counted in Unicode scalars, as libyaml does).
///
/// Stored as two 32-bit numbers (a file is at most `InputLimits.maxFileBytes`, far below 4 G lines or
/// columns): every node and mapping key of a loaded tree holds one, and 8 bytes instead of 16 make
/// a `YAMLNode` 32 bytes instead of 40 and a mapping entry 56 instead of 72
/// (bench/manifests/README.md, branch manifests3).
public struct Position: Sendable, Hashable, Comparable, CustomStringConvertible {
    private var storedLine: UInt32
    private var storedColumn: UInt32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
    }

    public static let start = Position(line: 1, column: 1)

    public static func < (lhs: Position, rhs: Position) -> Bool {
        (lhs.storedLine, lhs.storedColumn) < (rhs.storedLine, rhs.storedColumn)
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

    /// File, then position (field by field: a tuple copies the file names).
    public static func < (lhs: Location, rhs: Location) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        return lhs.position < rhs.position
    }

    public var description: String { "\(file):\(position.line):\(position.column)" }
}
