/// One label: a name and its value. `__name__` holds the metric name.
public struct Label: Hashable, Sendable, Comparable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    public static func < (a: Label, b: Label) -> Bool {
        a.name != b.name ? a.name < b.name : a.value < b.value
    }
}

/// A label set, always kept sorted by name, names unique. Empty values are dropped,
/// as in Prometheus (a label with an empty value is the same as no label).
public struct Labels: Hashable, Sendable, Comparable, CustomStringConvertible {
    public private(set) var items: [Label]

    public init(_ items: [Label] = []) {
        var byName: [String: String] = [:]
        for l in items where !l.value.isEmpty { byName[l.name] = l.value }
        self.items = byName.map { Label($0.key, $0.value) }.sorted()
    }

    public init(_ dict: [String: String]) {
        self.init(dict.map { Label($0.key, $0.value) })
    }

    public subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    public var metricName: String? { self["__name__"] }

    /// Already sorted by name, names unique, no empty values: taken as is.
    init(presorted items: [Label]) { self.items = items }

    public func setting(_ name: String, _ value: String) -> Labels {
        var out = items
        if let i = out.firstIndex(where: { $0.name >= name }) {
            if out[i].name == name {
                if value.isEmpty { out.remove(at: i) } else { out[i].value = value }
            } else if !value.isEmpty {
                out.insert(Label(name, value), at: i)
            }
        } else if !value.isEmpty {
            out.append(Label(name, value))
        }
        return Labels(presorted: out)
    }

    public func removing(_ names: Set<String>) -> Labels {
        Labels(presorted: items.filter { !names.contains($0.name) })
    }

    public func keeping(_ names: Set<String>) -> Labels {
        Labels(presorted: items.filter { names.contains($0.name) })
    }

    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0.value) })
    }

    public static func < (a: Labels, b: Labels) -> Bool {
        for (x, y) in zip(a.items, b.items) where x != y { return x < y }
        return a.items.count < b.items.count
    }

    /// Prometheus's rendering: `name{a="1", b="2"}`.
    public var description: String {
        let name = metricName ?? ""
        let rest = items.filter { $0.name != "__name__" }
        if rest.isEmpty { return name.isEmpty ? "{}" : name }
        let inner = rest.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ", ")
        return "\(name){\(inner)}"
    }
}

func escapeLabelValue(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        default: out.append(c)
        }
    }
    return out
}
