// sort, sort_desc, sort_by_label, sort_by_label_desc. The name is kept.

enum SortFunctions {
    static func byValue(desc: Bool) -> FunctionImpl {
        { call in
            let vec = try call.vector(0).filter { $0.hbox == nil }   // floats only, as in Prometheus
            return .vector(vec.enumerated().sorted { a, b in
                let x = a.element.value, y = b.element.value
                if x.isNaN != y.isNaN { return y.isNaN }
                if x != y && !x.isNaN { return desc ? x > y : x < y }
                return a.offset < b.offset
            }.map(\.element))
        }
    }
    /// The sorting functions (ineffective in range queries, which Prometheus warns about).
    static let names: Set<String> = ["sort", "sort_desc", "sort_by_label", "sort_by_label_desc"]

    static let sort = byValue(desc: false)
    static let sortDesc = byValue(desc: true)

    static func byLabel(desc: Bool) -> FunctionImpl {
        { call in
            let vec = try call.vector(0)
            var names: [String] = []
            for i in 1..<call.args.count { names.append(try call.string(i)) }
            return .vector(vec.sorted { a, b in
                for n in names {
                    let x = a.labels[n] ?? "", y = b.labels[n] ?? ""
                    if x != y { return naturalLess(x, y) != desc }
                }
                return desc ? b.labels < a.labels : a.labels < b.labels
            })
        }
    }
    static let sortByLabel = byLabel(desc: false)
    static let sortByLabelDesc = byLabel(desc: true)

    /// Natural order: runs of digits compare as numbers.
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var i = 0, j = 0
        while i < x.count && j < y.count {
            let dx = x[i].properties.numericType != nil && x[i].isASCII
            let dy = y[j].properties.numericType != nil && y[j].isASCII
            if dx && dy {
                var ei = i; while ei < x.count, x[ei].isASCII, x[ei].properties.numericType != nil { ei += 1 }
                var ej = j; while ej < y.count, y[ej].isASCII, y[ej].properties.numericType != nil { ej += 1 }
                let nx = String(String.UnicodeScalarView(x[i..<ei])), ny = String(String.UnicodeScalarView(y[j..<ej]))
                let tx = nx.drop { $0 == "0" }, ty = ny.drop { $0 == "0" }
                if tx.count != ty.count { return tx.count < ty.count }
                if tx != ty { return tx < ty }
                i = ei; j = ej
                continue
            }
            if x[i] != y[j] { return x[i].value < y[j].value }
            i += 1; j += 1
        }
        return x.count - i < y.count - j
    }
}
