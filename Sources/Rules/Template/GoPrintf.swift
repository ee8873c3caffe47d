import Foundation

/// Go's fmt.Sprintf for the verbs templates use: %s %v %d %f %e %g %q %x %t %%,
/// with flags, width and precision.
enum GoPrintf {
    static func format(_ f: String, _ args: [TemplateValue]) -> String {
        var out = ""
        var chars = Array(f)[...]
        var next = 0
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == "%" else { out.append(c); continue }
            var spec = ""
            while let d = chars.first, "+-# 0123456789.".contains(d) { spec.append(d); chars = chars.dropFirst() }
            guard let verb = chars.first else { out += "%!(NOVERB)"; break }
            chars = chars.dropFirst()
            if verb == "%" { out += "%"; continue }
            guard next < args.count else { out += "%!\(verb)(MISSING)"; continue }
            let arg = args[next]
            next += 1
            out += one(verb, spec, arg)
        }
        if next < args.count {
            out += "%!(EXTRA " + args[next...].map { "\($0.typeName)=\($0.rendered)" }.joined(separator: ", ") + ")"
        }
        return out
    }

    static func pad(_ s: String, _ spec: String) -> String {
        let digits = spec.drop(while: { "+-# 0".contains($0) }).prefix(while: { $0.isNumber })
        guard let width = Int(digits), s.count < width else { return s }
        let fill = String(repeating: spec.contains("0") && !spec.contains("-") ? "0" : " ", count: width - s.count)
        return spec.contains("-") ? s + fill : fill + s
    }

    static func precision(_ spec: String) -> Int? {
        guard let dot = spec.firstIndex(of: ".") else { return nil }
        return Int(spec[spec.index(after: dot)...].prefix(while: { $0.isNumber })) ?? 0
    }

    static func double(_ v: TemplateValue) -> Double? {
        switch v {
        case .float(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    static func one(_ verb: Character, _ spec: String, _ arg: TemplateValue) -> String {
        switch verb {
        case "s", "v":
            if verb == "v", let d = double(arg), case .float = arg, let p = precision(spec) {
                return pad(GoFormat.float(d, verb: "g", precision: p), spec)
            }
            var s = arg.rendered
            if verb == "s", let p = precision(spec) { s = String(s.prefix(p)) }
            return pad(s, spec)
        case "q":
            return pad("\"" + arg.rendered.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\"", spec)
        case "t":
            if case .bool(let b) = arg { return pad(b ? "true" : "false", spec) }
            return "%!t(\(arg.typeName)=\(arg.rendered))"
        case "d":
            if case .int(let i) = arg { return pad(String(i), spec) }
            return "%!d(\(arg.typeName)=\(arg.rendered))"
        case "x", "X":
            if case .int(let i) = arg { let s = String(i, radix: 16); return pad(verb == "X" ? s.uppercased() : s, spec) }
            if case .string(let s) = arg { return pad(s.utf8.map { String(format: "%02x", $0) }.joined(), spec) }
            return "%!\(verb)(\(arg.typeName)=\(arg.rendered))"
        case "f", "F", "e", "E", "g", "G":
            guard let d = double(arg) else { return "%!\(verb)(\(arg.typeName)=\(arg.rendered))" }
            let p = precision(spec)
            var s: String
            switch verb {
            case "f", "F": s = d.isFinite ? GoFormat.float(d, verb: "f", precision: p ?? 6) : GoFormat.float(d, verb: "g", precision: nil)
            case "e", "E": s = GoFormat.float(d, verb: verb, precision: p ?? 6)
            default: s = GoFormat.float(d, verb: verb, precision: p)
            }
            if spec.contains("+"), d >= 0, d.isFinite { s = "+" + s }
            return pad(s, spec)
        default:
            return "%!\(verb)(\(arg.typeName)=\(arg.rendered))"
        }
    }
}
