// label_replace and label_join.

enum LabelFunctions {
    static func setting(_ s: ESample, _ dst: String, _ value: String) -> ESample {
        var out = s
        out.labels = value.isEmpty ? s.labels.removing([dst]) : s.labels.setting(dst, value)
        if dst == "__name__" { out.dropName = false }
        return out
    }

    static let replace: FunctionImpl = { call in
        let vec = try call.vector(0)
        let dst = try call.string(1), repl = try call.string(2), src = try call.string(3), pattern = try call.string(4)
        let re: CompiledRegex
        do { re = try CompiledRegex.get(pattern) } catch {
            throw EvaluationError("invalid regular expression in label_replace(): \(pattern)")
        }
        guard isValidLabelName(dst) else { throw EvaluationError("invalid destination label name in label_replace(): \(dst)") }
        return .vector(vec.map { s in
            guard let caps = re.captures(s.labels[src] ?? "") else { return s }
            return setting(s, dst, expandTemplate(repl, caps))
        })
    }

    /// Go's regexp Expand: $1, ${1}, $$ (named groups are not supported and expand to "").
    static func expandTemplate(_ t: String, _ caps: [String]) -> String {
        var out = ""
        let chars = Array(t)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "$", i + 1 < chars.count else { out.append(c); i += 1; continue }
            if chars[i + 1] == "$" { out.append("$"); i += 2; continue }
            var name = ""
            var j = i + 1
            if chars[j] == "{" {
                j += 1
                while j < chars.count, chars[j] != "}" { name.append(chars[j]); j += 1 }
                guard j < chars.count else { out.append(c); i += 1; continue }
                j += 1
            } else {
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" {
                    name.append(chars[j]); j += 1
                }
            }
            if name.isEmpty { out.append(c); i += 1; continue }
            if let n = Int(name), n < caps.count { out += caps[n] }
            i = j
        }
        return out
    }

    static let join: FunctionImpl = { call in
        let vec = try call.vector(0)
        let dst = try call.string(1), sep = try call.string(2)
        var srcs: [String] = []
        for i in 3..<call.args.count { srcs.append(try call.string(i)) }
        guard isValidLabelName(dst) else { throw EvaluationError("invalid destination label name in label_join(): \(dst)") }
        return .vector(vec.map { s in
            setting(s, dst, srcs.map { s.labels[$0] ?? "" }.joined(separator: sep))
        })
    }
}
