import Foundation

/// The function table alert templates can call (Go's builtins plus Prometheus's).
enum TemplateFunctions {
    static let names: Set<String> = [
        "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
        "html", "js", "urlquery", "slice", "call",
        "query", "first", "label", "value", "strvalue", "args", "sortByLabel",
        "humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp",
        "toUpper", "toLower", "title", "reReplaceAll", "match", "safeHtml", "stripPort", "stripDomain",
        "toTime", "toDuration", "parseDuration", "pathPrefix", "externalURL", "graphLink", "tableLink", "now",
    ]

    struct Failure: Error { var message: String }

    static func number(_ v: TemplateValue, _ fn: String) throws -> Double {
        switch v {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .string(let s):
            if let d = Double(s.trimmingCharacters(in: .whitespaces)) { return d }
            throw Failure(message: "error calling \(fn): strconv.ParseFloat: parsing \"\(s)\": invalid syntax")
        case .bool(let b): return b ? 1 : 0
        default: throw Failure(message: "error calling \(fn): can't convert \(v.typeName) to float")
        }
    }

    static func string(_ v: TemplateValue) -> String { v.rendered }

    static func call(_ name: String, _ args: [TemplateValue], context: TemplateContext) throws -> TemplateValue {
        func arity(_ n: Int) throws {
            guard args.count == n else { throw Failure(message: "wrong number of args for \(name): want \(n) got \(args.count)") }
        }
        switch name {
        case "humanize": try arity(1); return .string(Humanize.humanize(try number(args[0], name)))
        case "humanize1024": try arity(1); return .string(Humanize.humanize1024(try number(args[0], name)))
        case "humanizeDuration": try arity(1); return .string(Humanize.duration(try number(args[0], name)))
        case "humanizePercentage": try arity(1); return .string(Humanize.percentage(try number(args[0], name)))
        case "humanizeTimestamp": try arity(1); return .string(Humanize.timestamp(try number(args[0], name)))
        case "toUpper": try arity(1); return .string(string(args[0]).uppercased())
        case "toLower": try arity(1); return .string(string(args[0]).lowercased())
        case "title":
            try arity(1)
            return .string(string(args[0]).split(separator: " ", omittingEmptySubsequences: false)
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " "))
        case "safeHtml", "html", "js", "urlquery": try arity(1); return .string(string(args[0]))
        case "stripPort":
            try arity(1)
            let s = string(args[0])
            if s.hasPrefix("["), let close = s.firstIndex(of: "]") { return .string(String(s[s.index(after: s.startIndex)..<close])) }
            if s.filter({ $0 == ":" }).count == 1, let c = s.lastIndex(of: ":") { return .string(String(s[..<c])) }
            return .string(s)
        case "stripDomain":
            try arity(1)
            let s = string(args[0])
            if let dot = s.firstIndex(of: "."), !s.contains(":") || s.firstIndex(of: ":").map({ dot < $0 }) == true {
                let port = s.lastIndex(of: ":").map { String(s[$0...]) } ?? ""
                return .string(String(s[..<dot]) + port)
            }
            return .string(s)
        case "reReplaceAll":
            try arity(3)
            let re = try regex(string(args[0]), name)
            let src = string(args[2])
            let tmpl = goReplacementToNS(string(args[1]))
            return .string(re.stringByReplacingMatches(in: src, range: NSRange(src.startIndex..., in: src), withTemplate: tmpl))
        case "match":
            try arity(2)
            let re = try regex(string(args[0]), name)
            let s = string(args[1])
            return .bool(re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil)
        case "query":
            try arity(1)
            return .samples(try context.query(string(args[0])))
        case "first":
            try arity(1)
            guard case .samples(let s) = args[0], let f = s.first else {
                throw Failure(message: "error calling first: first() called on vector with no elements")
            }
            return .sample(f)
        case "label":
            try arity(2)
            guard case .sample(let s) = args[1] else { return .string("") }
            return .string(s.labels[string(args[0])] ?? "")
        case "value":
            try arity(1)
            guard case .sample(let s) = args[0] else { throw Failure(message: "error calling value: not a sample") }
            return .float(s.value)
        case "strvalue":
            try arity(1)
            guard case .sample(let s) = args[0] else { return .string("") }
            return .string(s.labels["__value__"] ?? "")
        case "sortByLabel":
            try arity(2)
            guard case .samples(let s) = args[1] else { return args[1] }
            let l = string(args[0])
            return .samples(s.sorted { ($0.labels[l] ?? "") < ($1.labels[l] ?? "") })
        case "args": return .list(args)
        case "toTime":
            try arity(1); return .string(Humanize.timestamp(try number(args[0], name)))
        case "parseDuration":
            try arity(1)
            return .float(Double(try PromDuration.parse(string(args[0]))) / 1000)
        case "pathPrefix": return .string(URL(string: context.data.externalURL)?.path ?? "")
        case "externalURL": return .string(context.data.externalURL)
        case "graphLink", "tableLink":
            try arity(1)
            let tab = name == "graphLink" ? 0 : 1
            let q = string(args[0]).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return .string("/graph?g0.expr=\(q)&g0.tab=\(tab)")
        case "now": return .float(Double(context.timestampMs) / 1000)
        case "print": return .string(goPrint(args, spaces: false))
        case "println": return .string(goPrint(args, spaces: true) + "\n")
        case "printf":
            guard let f = args.first else { throw Failure(message: "wrong number of args for printf: want at least 1 got 0") }
            return .string(GoPrintf.format(string(f), Array(args.dropFirst())))
        case "len":
            try arity(1)
            switch args[0] {
            case .string(let s): return .int(s.utf8.count)
            case .map(let m): return .int(m.count)
            case .samples(let s): return .int(s.count)
            case .list(let l): return .int(l.count)
            default: throw Failure(message: "error calling len: len of type \(args[0].typeName)")
            }
        case "index":
            guard args.count == 2 else { throw Failure(message: "index needs 2 args") }
            switch args[0] {
            case .map(let m): return .string(m[string(args[1])] ?? "")
            case .samples(let s):
                let i = Int(try number(args[1], name))
                guard i >= 0, i < s.count else { throw Failure(message: "error calling index: index out of range: \(i)") }
                return .sample(s[i])
            default: throw Failure(message: "error calling index: can't index item of type \(args[0].typeName)")
            }
        case "not": try arity(1); return .bool(!args[0].truthy)
        case "and":
            for a in args where !a.truthy { return a }
            return args.last ?? .null
        case "or":
            for a in args where a.truthy { return a }
            return args.last ?? .null
        case "eq", "ne", "lt", "le", "gt", "ge":
            guard args.count >= 2 else { throw Failure(message: "missing argument for comparison") }
            return .bool(try compare(name, args[0], args[1]))
        default:
            throw Failure(message: "function \"\(name)\" not supported")
        }
    }

    static func compare(_ op: String, _ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
        let result: ComparisonResult
        switch (a, b) {
        case (.string(let x), .string(let y)): result = x < y ? .orderedAscending : x == y ? .orderedSame : .orderedDescending
        case (.bool(let x), .bool(let y)):
            guard op == "eq" || op == "ne" else { throw Failure(message: "invalid type for comparison") }
            result = x == y ? .orderedSame : .orderedAscending
        default:
            let x = try number(a, op), y = try number(b, op)
            result = x < y ? .orderedAscending : x == y ? .orderedSame : .orderedDescending
        }
        switch op {
        case "eq": return result == .orderedSame
        case "ne": return result != .orderedSame
        case "lt": return result == .orderedAscending
        case "le": return result != .orderedDescending
        case "gt": return result == .orderedDescending
        default: return result != .orderedAscending
        }
    }

    static func regex(_ pattern: String, _ fn: String) throws -> NSRegularExpression {
        do { return try NSRegularExpression(pattern: pattern) } catch {
            throw Failure(message: "error calling \(fn): error parsing regexp: \(pattern)")
        }
    }

    /// Go's `$1`/`${1}` replacement syntax to NSRegularExpression's `$1`.
    static func goReplacementToNS(_ s: String) -> String {
        var out = ""
        var chars = Array(s)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "$", chars.first == "{", let close = chars.firstIndex(of: "}") {
                out += "$" + String(chars[chars.index(after: chars.startIndex)..<close])
                chars = chars[chars.index(after: close)...]
            } else if c == "\\" {
                out += "\\\\"
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Go's fmt.Sprint: spaces between operands when neither is a string.
    static func goPrint(_ args: [TemplateValue], spaces: Bool) -> String {
        var out = ""
        for (i, a) in args.enumerated() {
            if i > 0 {
                let bothNonString: Bool = {
                    if case .string = a { return false }
                    if case .string = args[i - 1] { return false }
                    return true
                }()
                if spaces || bothNonString { out += " " }
            }
            out += a.rendered
        }
        return out
    }
}
