/// What each Gmail API method costs in quota units.
///
/// The defaults are Google's published per-method table:
/// https://developers.google.com/workspace/gmail/api/reference/quota ("Per-method quota usage").
/// Every entry can be overridden and new ones added in `quota.costs`; a method the table does
/// not know costs `defaultUnits` and is reported as unknown (its own metric), so it cannot hide.
///
/// Method names are keyed without the `users.` prefix the ledger writes
/// (`users.messages.list` and `messages.list` are the same method).
public struct CostTable: Sendable, Equatable {
    public private(set) var units: [String: Int]
    public var defaultUnits: Int

    public init(units: [String: Int] = CostTable.published, defaultUnits: Int = 5) {
        self.units = [:]
        self.defaultUnits = defaultUnits
        for (method, cost) in units { self.units[Self.normalize(method)] = cost }
    }

    /// `users.messages.list` -> `messages.list`; `users.getProfile` -> `getProfile`.
    public static func normalize(_ method: String) -> String {
        method.hasPrefix("users.") ? String(method.dropFirst(6)) : method
    }

    /// The cost of one call, nil for a method the table does not know.
    public func knownCost(of method: String) -> Int? {
        units[Self.normalize(method)]
    }

    /// The units a ledger row is charged: its own `quota_units` when set, else the table's
    /// cost, else the default.
    public func charge(method: String?, quotaUnits: Int?) -> (units: Int, unknown: Bool) {
        if let quotaUnits { return (quotaUnits, method.map { knownCost(of: $0) == nil } ?? true) }
        guard let method, let cost = knownCost(of: method) else { return (defaultUnits, true) }
        return (cost, false)
    }

    public mutating func set(_ method: String, units cost: Int) {
        units[Self.normalize(method)] = cost
    }

    /// Methods that send a message, counted against the per-user daily sending limit.
    public static let sendMethods: Set<String> = ["messages.send", "drafts.send"]

    public static func isSend(_ method: String) -> Bool {
        sendMethods.contains(normalize(method))
    }

    /// Both spellings of every known method, with its cost, for SQL that joins the ledger's
    /// `method` column (which may or may not carry the `users.` prefix) to the table.
    public var sqlRows: (methods: [String], units: [Int]) {
        var methods: [String] = []
        var costs: [Int] = []
        for (method, cost) in units.sorted(by: { $0.key < $1.key }) {
            methods.append(method); costs.append(cost)
            methods.append("users." + method); costs.append(cost)
        }
        return (methods, costs)
    }

    /// The published table (units per call), https://developers.google.com/workspace/gmail/api/reference/quota
    public static let published: [String: Int] = [
        "drafts.create": 10, "drafts.delete": 10, "drafts.get": 5, "drafts.list": 5,
        "drafts.send": 100, "drafts.update": 15,
        "getProfile": 1,
        "history.list": 2,
        "labels.create": 5, "labels.delete": 5, "labels.get": 1, "labels.list": 1,
        "labels.update": 5, "labels.patch": 5,
        "messages.attachments.get": 5,
        "messages.batchDelete": 50, "messages.batchModify": 50, "messages.delete": 10,
        "messages.get": 5, "messages.import": 25, "messages.insert": 25, "messages.list": 5,
        "messages.modify": 5, "messages.send": 100, "messages.trash": 5, "messages.untrash": 5,
        "settings.delegates.create": 100, "settings.delegates.delete": 5,
        "settings.delegates.get": 1, "settings.delegates.list": 1,
        "settings.filters.create": 5, "settings.filters.delete": 5,
        "settings.filters.get": 1, "settings.filters.list": 1,
        "settings.forwardingAddresses.create": 100, "settings.forwardingAddresses.delete": 5,
        "settings.forwardingAddresses.get": 1, "settings.forwardingAddresses.list": 1,
        "settings.getAutoForwarding": 1, "settings.getImap": 1, "settings.getPop": 1,
        "settings.getVacation": 1,
        "settings.sendAs.create": 100, "settings.sendAs.delete": 5, "settings.sendAs.get": 1,
        "settings.sendAs.list": 1, "settings.sendAs.update": 100, "settings.sendAs.verify": 100,
        "settings.updateAutoForwarding": 5, "settings.updateImap": 5, "settings.updatePop": 100,
        "settings.updateVacation": 5,
        "stop": 50, "watch": 100,
        "threads.delete": 20, "threads.get": 10, "threads.list": 10, "threads.modify": 10,
        "threads.trash": 10, "threads.untrash": 10,
    ]
}
