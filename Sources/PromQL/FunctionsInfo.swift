// info(v [, {selector}]) (promql-experimental-functions): adds the data labels of "info"
// series (target_info by default) that share the identifying labels instance and job,
// as Prometheus's scripts define it:
// - name matchers in the selector pick the info metrics: none means target_info, only
//   negative ones mean those among *_info; a base series that is itself such an info
//   series passes through unchanged;
// - other matchers filter the info series and name the only data labels to add;
// - the info series are looked up at the time the base expression reads its samples (its
//   @ and offset, and those of enclosing subqueries);
// - identifying labels must agree (a label missing on both sides agrees);
// - a label the base series already has is kept; per info metric the series with the
//   newest sample wins; two info metrics giving one label different values is an error;
// - without a matching info series the base series is kept unchanged if every data
//   matcher accepts the empty string, and dropped otherwise.

enum InfoFunction {
    static let identifying = ["instance", "job"]

    static let info: FunctionImpl = { call in
        let base = try call.vector(0)
        var matchers: [LabelMatcher] = []
        if call.args.count > 1 {
            var e = call.args[1]
            while case .paren(let x, _) = e { e = x }
            guard case .vectorSelector(let vs) = e else { throw EvaluationError("info(): the second argument must be a selector") }
            matchers = vs.matchers
        }
        var nameMatchers = matchers.filter { $0.name == "__name__" }
        let dataMatchers = matchers.filter { $0.name != "__name__" }
        if nameMatchers.isEmpty {
            nameMatchers = [LabelMatcher(name: "__name__", op: .equal, value: "target_info")]
        } else if !nameMatchers.contains(where: { $0.op == .equal || $0.op == .regexMatch }) {
            nameMatchers.append(LabelMatcher(name: "__name__", op: .regexMatch, value: ".+_info"))
        }
        // The info series at this time, newest sample first per metric name.
        let ev = call.evaluator
        let selector = VectorSelector(name: nil, matchers: nameMatchers + dataMatchers, position: call.args[0].position)
        let infos = ev.selectVector(selector, readTime(call.args[0], call.time, ev)).sorted { $0.timestamp > $1.timestamp }
        if let h = infos.first(where: { $0.hbox != nil }) {
            throw EvaluationError("info series \(h.column.labels.braced) is a native histogram; info metrics must be floats")
        }
        let included = Set(dataMatchers.map(\.name))
        let keepUnmatched = dataMatchers.allSatisfy { $0.matches("") }
        var out: [ESample] = []
        for s in base {
            if nameMatchers.allSatisfy({ $0.matches(s.labels.metricName ?? "") }) { out.append(s); continue }
            var labels = s.labels
            var added: [String: String] = [:]   // label -> info metric that added it
            var seenNames: Set<String> = []
            var matched = false
            guard identifying.contains(where: { s.labels[$0] != nil }) else {
                if keepUnmatched { out.append(s) }
                continue
            }
            for i in infos {
                let il = i.column.labels
                let name = il.metricName ?? ""
                guard identifying.allSatisfy({ il[$0] == s.labels[$0] }), seenNames.insert(name).inserted else { continue }
                matched = true
                for l in il.items where l.name != "__name__" && !identifying.contains(l.name) {
                    guard included.isEmpty || included.contains(l.name) else { continue }
                    if let other = added[l.name], labels[l.name] != l.value {
                        throw EvaluationError("conflicting label \"\(l.name)\" from info metrics \(other) and \(name)")
                    }
                    if labels[l.name] == nil { labels = labels.setting(l.name, l.value); added[l.name] = name }
                }
            }
            if matched || keepUnmatched { out.append(ESample(labels: labels, value: s.value, dropName: s.dropName)) }
        }
        return .vector(out)
    }

    /// The time the expression's first selector reads at, after its own and its enclosing
    /// subqueries' @ and offset.
    static func readTime(_ e: Expr, _ t: Int64, _ ev: Evaluator) -> Int64 {
        switch e {
        case .vectorSelector(let vs), .matrixSelector(let vs, _, _): return ev.referenceTime(vs.at, t) - vs.offsetMs
        case .subquery(let x, _, _, let offset, let at, _): return readTime(x, ev.referenceTime(at, t) - offset, ev)
        case .paren(let x, _), .unary(_, let x, _): return readTime(x, t, ev)
        case .aggregate(_, let x, _, _, _, _): return readTime(x, t, ev)
        case .call(_, let args, _):
            guard let a = args.first(where: { valueType(of: $0) == .vector || valueType(of: $0) == .matrix }) else { return t }
            return readTime(a, t, ev)
        case .binary(_, let l, let r, _, _, _): return readTime(valueType(of: l) == .scalar ? r : l, t, ev)
        case .number, .string: return t
        }
    }
}
