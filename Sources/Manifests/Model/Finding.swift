/// One problem found: what (check id, severity, message), where (file, line, column, path),
/// and how to fix it. Checks create findings; reporters format them; neither does the other's job.
public struct Finding: Sendable, Hashable {
    public var checkID: String
    public var severity: Severity
    public var message: String
    public var location: Location
    /// Path of the node the finding is about, when there is one (`spec.template.spec.containers[0].image`).
    public var path: NodePath?
    /// One-line fix shown under the finding.
    public var fix: String
    /// The object the finding is about (`Deployment/web`), nil for file-level findings (syntax errors).
    public var object: String?
    /// The container the finding is about, when there is one; per-container ignores match on it.
    public var container: String?

    public init(
        checkID: String, severity: Severity, message: String, location: Location,
        path: NodePath? = nil, fix: String = "", object: String? = nil, container: String? = nil
    ) {
        self.checkID = checkID
        self.severity = severity
        self.message = message
        self.location = location
        self.path = path
        self.fix = fix
        self.object = object
        self.container = container
    }
}

extension Finding: Comparable {
    /// Location, then check id, then message (the order of a tuple comparison; field by field
    /// because building the tuples copied, retained and released, three strings of each side for
    /// every comparison of the run's sort).
    public static func < (lhs: Finding, rhs: Finding) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.checkID != rhs.checkID { return lhs.checkID < rhs.checkID }
        return lhs.message < rhs.message
    }
}
