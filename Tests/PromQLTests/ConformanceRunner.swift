// Runs Prometheus's PromQL script tests (promql/promqltest/testdata format) against this
// engine. Pure Swift, no test framework, so the benchmark can compile it into a binary too.
#if !CONFORMANCE_STANDALONE
import PromQL
#endif

struct ConformanceRunner {
    struct FileResult {
        var file: String
        var passed = 0
        var failed = 0
        var skipped = 0
        var fileSkipReason: String?
        var log: [String] = []
        /// `expect warn/info/no_warn/no_info` lines checked (in evals that ran).
        var annotationExpectationsChecked = 0
    }

    /// Whole files that need something the engine does not have.
    static let skippedFiles: [String: String] = [
        "start_timestamps.test": "start timestamps (@st series, start_timestamp(), their reset and extrapolation rules) are not implemented",
    ]

    /// The features promqltest turns on for every script (Prometheus's RunBuiltinTests turns
    /// on the parser's experimental functions, duration expressions and the other switches).
    static let features: PromQLFeatures = .all

    /// `expect warn`, `expect info msg: ...`, `expect no_warn`, ... as promqltest defines them:
    /// every warn/info line must match at least one annotation of its kind; once a kind has
    /// such a line, every annotation of that kind must match one; no_warn/no_info: none.
    struct AnnotationExpectation {
        var kind: Annotation.Kind
        var none = false
        var exact: String?
        var regex: String?

        init?(_ rest: String) {
            let words = rest.split(separator: " ", maxSplits: 1).map(String.init)
            switch words.first {
            case "warn": kind = .warning
            case "info": kind = .info
            case "no_warn": kind = .warning; none = true; return
            case "no_info": kind = .info; none = true; return
            default: return nil
            }
            let m = words.count > 1 ? words[1].trimmingSpaces : ""
            if m.hasPrefix("msg:") { exact = String(m.dropFirst(4)).trimmingSpaces }
            if m.hasPrefix("regex:") { regex = String(m.dropFirst(6)).trimmingSpaces }
        }

        func matches(_ a: Annotation) -> Bool {
            guard a.kind == kind, !none else { return false }
            if let exact { return a.description == exact }
            if let regex, let re = try? Regex(regex) { return a.description.contains(re) }
            return true
        }

        static func check(_ expectations: [AnnotationExpectation], _ got: Annotations) -> String? {
            for kind in [Annotation.Kind.warning, .info] {
                let have = got.items.filter { $0.kind == kind }
                let want = expectations.filter { $0.kind == kind }
                if want.contains(where: \.none), !have.isEmpty {
                    return "expected no \(kind.rawValue), got \(have.map(\.description))"
                }
                let positive = want.filter { !$0.none }
                for e in positive where !have.contains(where: e.matches) {
                    return "expected \(kind.rawValue) \(e.exact ?? e.regex ?? "(any)"), got \(have.map(\.description))"
                }
                if !positive.isEmpty, let extra = have.first(where: { a in !positive.contains { $0.matches(a) } }) {
                    return "unexpected \(kind.rawValue) \(extra.description)"
                }
            }
            return nil
        }
    }

    struct Expected {
        var labels: Labels?        // nil: a bare scalar line
        var values: [Double?]      // nil entries: "_" (no sample) or a histogram
        /// Native histogram expectations, parallel to `values`; empty for float-only lines.
        var histograms: [FloatHistogram?] = []
        /// Whether the line states counter reset hints (compared only then).
        var hintSet = false

        func histogram(at i: Int) -> FloatHistogram? { i < histograms.count ? histograms[i] : nil }
    }

    let engine = Engine()

    func run(file: String, text: String) -> FileResult {
        var result = FileResult(file: file)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [(line: Int, head: String, body: [String])] = []
        for (i, raw) in lines.enumerated() {
            let trimmed = raw.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            // promqltest trims every line: an indented `eval ...` is a command too.
            let firstWord = trimmed.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            let command = ["eval", "eval_fail", "eval_ordered", "eval_warn", "eval_info", "load", "load_with_nhcb", "clear"].contains(firstWord)
            if (raw.first == " " || raw.first == "\t") && !command {
                if !blocks.isEmpty { blocks[blocks.count - 1].body.append(trimmed) }
            } else {
                blocks.append((i + 1, trimmed, []))
            }
        }
        if let reason = ConformanceRunner.skippedFiles[file] {
            let n = blocks.filter { $0.head.hasPrefix("eval") }.count
            result.skipped = n
            result.fileSkipReason = reason
            return result
        }
        let store = SeriesStore()
        for b in blocks {
            let words = b.head.split(separator: " ", maxSplits: 1).map(String.init)
            switch words[0] {
            case "clear":
                store.removeAll()
            case "load", "load_with_nhcb":
                let nhcb = words[0] == "load_with_nhcb"
                guard words.count > 1, let interval = parseTime(words[1]) else {
                    result.log.append("  line \(b.line): bad load command"); continue
                }
                var classic: [(Labels, [Double?])] = []
                for l in b.body {
                    if l.contains("@st") { continue }
                    if l.contains("{{") {
                        guard let (desc, rest) = splitDescriptor(l), let labels = parseLabels(desc),
                              let values = try? HistogramNotation.parseValues(rest) else {
                            result.log.append("  line \(b.line): cannot parse series line: \(l)"); continue
                        }
                        for (i, v) in values.enumerated() {
                            switch v {
                            case .float(let f)?: store.append(labels, timestamp: Int64(i) * interval, value: f)
                            case .histogram(let h)?: store.append(labels, timestamp: Int64(i) * interval, histogram: h)
                            case nil: break
                            }
                        }
                        continue
                    }
                    guard let (labels, values) = parseSeriesLine(l) else {
                        result.log.append("  line \(b.line): cannot parse series line: \(l)"); continue
                    }
                    if nhcb { classic.append((labels, values)) }
                    for (i, v) in values.enumerated() {
                        if let v { store.append(labels, timestamp: Int64(i) * interval, value: v) }
                    }
                }
                // load_with_nhcb also converts classic histograms into native histograms with
                // custom buckets, named without the _bucket/_count/_sum suffix.
                for (labels, points) in nhcb ? ClassicToNHCB.convert(classic) : [] {
                    for (i, h) in points.enumerated() {
                        if let h { store.append(labels, timestamp: Int64(i) * interval, histogram: h) }
                    }
                }
            default:
                guard words[0].hasPrefix("eval") else {
                    result.log.append("  line \(b.line): unknown command \(words[0])"); continue
                }
                runEval(b.line, b.head, b.body, store: store, into: &result)
            }
        }
        return result
    }

    /// Why an eval cannot be run here. nil: run it.
    func skipReason(_ expr: String, _ body: [String]) -> String? {
        if body.contains(where: { $0.hasPrefix("expect fail msg:") && $0.contains(#/\\x[89a-fA-F][0-9a-fA-F]/#) }) {
            return "invalid UTF-8 in a string literal (a Swift String cannot keep the raw byte for the error text)"
        }
        return nil
    }

    func runEval(_ line: Int, _ head: String, _ body: [String], store: SeriesStore, into r: inout FileResult) {
        var words = head.split(separator: " ").map(String.init)
        let cmd = words.removeFirst()
        var expectFail = cmd == "eval_fail"
        var ordered = cmd == "eval_ordered"
        var failMsg: String?
        var failRegex: String?
        var expectString: String?
        var rangeVector: (Int64, Int64, Int64)?
        var expected: [Expected] = []
        var isRange = false
        var t0: Int64 = 0, t1: Int64 = 0, step: Int64 = 0
        var exprText = ""
        var annotationExpectations: [AnnotationExpectation] = []
        let annotations = Annotations()
        func fail(_ msg: String) { r.failed += 1; r.log.append("  FAIL line \(line): \(exprText): \(msg)") }
        // Header.
        if words.first == "instant", words.count >= 3, words[1] == "at", let t = parseTime(words[2]) {
            t0 = t; t1 = t
            exprText = words.dropFirst(3).joined(separator: " ")
        } else if words.first == "range", words.count >= 7, words[1] == "from", words[3] == "to", words[5] == "step",
                  let a = parseTime(words[2]), let b = parseTime(words[4]), let s = parseTime(words[6]) {
            isRange = true; t0 = a; t1 = b; step = s
            exprText = words.dropFirst(7).joined(separator: " ")
        } else {
            fail("cannot parse eval command"); return
        }
        // Keep the expression text as written (the split above collapsed runs of spaces).
        if let idx = head.range(of: isRange ? " step \(words[6]) " : " at \(words[2]) ") {
            exprText = String(head[idx.upperBound...])
        }
        if let reason = skipReason(exprText, body) {
            r.skipped += 1
            r.log.append("  skip line \(line): \(reason)")
            return
        }
        for l in body {
            if l.hasPrefix("expect ") {
                let rest = String(l.dropFirst(7)).trimmingSpaces
                if rest.hasPrefix("fail") {
                    expectFail = true
                    let m = String(rest.dropFirst(4)).trimmingSpaces
                    if m.hasPrefix("msg:") { failMsg = String(m.dropFirst(4)).trimmingSpaces }
                    if m.hasPrefix("regex:") { failRegex = String(m.dropFirst(6)).trimmingSpaces }
                } else if rest == "ordered" {
                    ordered = true
                } else if rest.hasPrefix("string") {
                    expectString = unquote(String(rest.dropFirst(6)).trimmingSpaces)
                } else if rest.hasPrefix("range vector") {
                    let w = rest.split(separator: " ").map(String.init)
                    if w.count == 8, let a = parseTime(w[3]), let b = parseTime(w[5]), let s = parseTime(w[7]) {
                        rangeVector = (a, b, s)
                    }
                } else if let a = AnnotationExpectation(rest) {
                    annotationExpectations.append(a)
                }
                continue
            }
            guard let e = parseExpectedLine(l) else { fail("cannot parse expected line: \(l)"); return }
            expected.append(e)
        }
        r.annotationExpectationsChecked += annotationExpectations.count
        // Evaluate.
        let expr: Expr
        do { expr = try parse(exprText, features: ConformanceRunner.features) } catch {
            if expectFail && errorMatches(error.message, error.description, failMsg, failRegex) { r.passed += 1 } else if expectFail {
                fail("error \"\(error.description)\" does not match expected \(failMsg ?? failRegex ?? "")")
            } else { fail("parse error: \(error.description)") }
            return
        }
        do {
            if isRange {
                let got = try engine.rangeQuery(expr, start: t0, end: t1, stepMs: step, store: store, annotations: annotations)
                if expectFail { fail("expected an error, got a result"); return }
                let steps = stride(from: t0, through: t1, by: Int(step)).map { Int64($0) }
                if let m = compareMatrix(got, expected, steps) { fail(m) } else if let m = AnnotationExpectation.check(annotationExpectations, annotations) {
                    fail(m)
                } else { r.passed += 1 }
                return
            }
            let got = try engine.instantQuery(expr, at: t0, store: store, annotations: annotations)
            if expectFail { fail("expected an error, got a result"); return }
            if let m = compareInstant(got, expected, ordered: ordered, string: expectString, rangeVector: rangeVector) {
                fail(m)
            } else if let m = AnnotationExpectation.check(annotationExpectations, annotations) {
                fail(m)
            } else if !dependsOnQueryStep(expr), let m = rangeConsistency(expr, got, at: t0, store: store) {
                fail(m)
            } else { r.passed += 1 }
        } catch {
            let msg = (error as? EvaluationError)?.message ?? "\(error)"
            if expectFail && errorMatches(msg, msg, failMsg, failRegex) { r.passed += 1 } else if expectFail {
                fail("error \"\(msg)\" does not match expected \(failMsg ?? failRegex ?? "")")
            } else { fail("evaluation error: \(msg)") }
        }
    }

    /// step() and range() differ between an instant query and any range query, so the
    /// range-consistency check does not apply to expressions that use them.
    func dependsOnQueryStep(_ e: Expr) -> Bool {
        switch e {
        case .number, .string: return false
        case .vectorSelector(let vs), .matrixSelector(let vs, _, _): return vs.offsetExpr != nil || vs.rangeExpr != nil
        case .subquery(let x, _, _, _, _, _), .unary(_, let x, _), .paren(let x, _): return dependsOnQueryStep(x)
        case .call(let name, let args, _): return name == "step" || name == "range" || args.contains { dependsOnQueryStep($0) }
        case .aggregate(_, let x, let p, _, _, _): return dependsOnQueryStep(x) || (p.map { dependsOnQueryStep($0) } ?? false)
        case .binary(_, let l, let r, _, _, _): return dependsOnQueryStep(l) || dependsOnQueryStep(r)
        }
    }

    /// Like promqltest: the same expression as a one-step range query must agree.
    func rangeConsistency(_ expr: Expr, _ got: Value, at t: Int64, store: SeriesStore) -> String? {
        var want: [Labels: Double] = [:]
        var wantH: [Labels: FloatHistogram] = [:]
        switch got {
        case .scalar(_, let v): want[Labels()] = v
        case .vector(let samples):
            for s in samples {
                want[s.labels] = s.value
                if let h = s.histogram { wantH[s.labels] = h }
            }
        default: return nil
        }
        guard let series = try? engine.rangeQuery(expr, start: t, end: t, stepMs: 60_000, store: store) else {
            return "instant query succeeded but the same range query failed"
        }
        let have = series.filter { !$0.points.isEmpty }
        if have.count != want.count { return "range query at the same time returned \(have.count) series, instant \(want.count)" }
        for s in have {
            guard s.points.count == 1, s.points[0].timestamp == t, let w = want[s.labels],
                  ConformanceRunner.equalFloat(s.points[0].value, w) else {
                return "range query at the same time differs for \(s.labels)"
            }
            if let h = wantH[s.labels], s.histogram(at: 0).map({ $0.approximatelyEquals(h, compareHint: true) }) != true {
                return "range query at the same time differs for \(s.labels): \(s.histogram(at: 0)?.description ?? "float") vs \(h)"
            }
            if wantH[s.labels] == nil && s.histogram(at: 0) != nil {
                return "range query at the same time returned a histogram for \(s.labels)"
            }
        }
        return nil
    }

    func errorMatches(_ msg: String, _ full: String, _ want: String?, _ regex: String?) -> Bool {
        if let want { return msg == want || full == want || full.hasSuffix(want) }
        if let regex, let re = try? Regex(regex) { return full.contains(re) }
        return true
    }

    // MARK: comparison

    static func equalFloat(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let minNormal = Double.leastNormalMagnitude
        let absSum = abs(a) + abs(b), diff = abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal { return diff < 1e-6 * minNormal }
        return diff / min(absSum, Double.greatestFiniteMagnitude) < 1e-6
    }

    func compareInstant(_ got: Value, _ exp: [Expected], ordered: Bool, string: String?, rangeVector: (Int64, Int64, Int64)?) -> String? {
        switch got {
        case .string(_, let s):
            guard let string else { return "got string \"\(s)\", expected no string" }
            return s == string ? nil : "got string \"\(s)\", want \"\(string)\""
        case .scalar(_, let v):
            if exp.count == 1, exp[0].histogram(at: 0) != nil { return "got scalar \(v), expected a histogram" }
            guard exp.count == 1, exp[0].values.count == 1, let w = exp[0].values[0] else {
                return "got scalar \(v), expected \(exp.count) lines"
            }
            return ConformanceRunner.equalFloat(v, w) ? nil : "got scalar \(v), want \(w)"
        case .vector(let samples):
            if string != nil { return "expected a string, got a vector" }
            if samples.count != exp.count {
                return "got \(samples.count) samples, want \(exp.count): got \(samples.map { "\($0.labels) \($0.value)" })"
            }
            for (i, e) in exp.enumerated() {
                guard let el = e.labels, e.values.count == 1 else { return "bad expected line" }
                let match = ordered ? (samples[i].labels == el ? samples[i] : nil) : samples.first { $0.labels == el }
                guard let s = match else { return "no sample \(el) in result\(ordered ? " at position \(i)" : "") (got \(samples.map { "\($0.labels) \($0.histogram?.description ?? "\($0.value)")" }))" }
                if let eh = e.histogram(at: 0) {
                    guard let h = s.histogram else { return "\(el): got float \(s.value), want histogram \(eh)" }
                    if !h.approximatelyEquals(eh, compareHint: e.hintSet) { return "\(el): got \(h), want \(eh)" }
                    continue
                }
                if let h = s.histogram { return "\(el): got histogram \(h), want float" }
                guard let ev = e.values[0] else { return "bad expected line" }
                if !ConformanceRunner.equalFloat(s.value, ev) { return "\(el): got \(s.value), want \(ev)" }
            }
            return nil
        case .matrix(let series):
            guard let (a, b, s) = rangeVector else { return "got a range vector, expected \(exp.count) samples" }
            let steps = stride(from: a, through: b, by: Int(s)).map { Int64($0) }
            return compareMatrix(series, exp, steps)
        }
    }

    func compareMatrix(_ got: [Series], _ exp: [Expected], _ steps: [Int64]) -> String? {
        let nonEmpty = got.filter { !$0.points.isEmpty }
        if nonEmpty.count != exp.count {
            return "got \(nonEmpty.count) series, want \(exp.count): \(nonEmpty.map { $0.labels.description })"
        }
        for e in exp {
            let el = e.labels ?? Labels()
            guard let s = nonEmpty.first(where: { $0.labels == el }) else { return "no series \(el) in result (got \(nonEmpty.map { $0.labels.description }))" }
            var want: [(Int64, Double, FloatHistogram?)] = []
            for (i, v) in e.values.enumerated() where i < steps.count {
                if let h = e.histogram(at: i) { want.append((steps[i], 0, h)) } else if let v { want.append((steps[i], v, nil)) }
            }
            let shown = s.points.indices.map { i in "\(s.histogram(at: i)?.description ?? "\(s.points[i].value)")@\(s.points[i].timestamp / 1000)s" }
            let wantText = want.map { "\($0.2?.description ?? "\($0.1)")@\($0.0 / 1000)s" }
            if want.count != s.points.count {
                return "\(el): got \(shown), want \(wantText)"
            }
            for (i, (p, w)) in zip(s.points, want).enumerated() {
                let same: Bool
                if let wh = w.2 {
                    same = s.histogram(at: i)?.approximatelyEquals(wh, compareHint: e.hintSet) ?? false
                } else {
                    same = s.histogram(at: i) == nil && ConformanceRunner.equalFloat(p.value, w.1)
                }
                if p.timestamp != w.0 || !same { return "\(el): got \(shown), want \(wantText)" }
            }
        }
        return nil
    }

    // MARK: script syntax

    func parseTime(_ s: String) -> Int64? {
        var t = s
        var sign: Int64 = 1
        if t.hasPrefix("-") { sign = -1; t.removeFirst() }
        if let d = parseDuration(t) { return sign * d }
        if let v = Double(t), v.isFinite { return sign * Int64((v * 1000).rounded()) }
        return nil
    }

    func unquote(_ s: String) -> String {
        guard s.count >= 2, let f = s.first, f == s.last, f == "\"" || f == "`" || f == "'" else { return s }
        if case .string(let v, _)? = try? parse(s) { return v }
        return String(s.dropFirst().dropLast())
    }

    /// Splits `metric{a="b"} rest` into the descriptor and the rest.
    func splitDescriptor(_ l: String) -> (String, String)? {
        let chars = Array(l)
        var i = 0
        var inQuote: Character? = nil
        var depth = 0
        while i < chars.count {
            let c = chars[i]
            if let q = inQuote {
                if c == "\\" { i += 2; continue }
                if c == q { inQuote = nil }
            } else if c == "\"" || c == "'" || c == "`" { inQuote = c } else if c == "{" { depth += 1 } else if c == "}" {
                depth -= 1
                if depth == 0 { i += 1; break }
            } else if (c == " " || c == "\t") && depth == 0 { break }
            i += 1
        }
        return (String(chars[0..<i]), String(chars[i...]).trimmingSpaces)
    }

    func parseLabels(_ desc: String) -> Labels? {
        if desc == "{}" { return Labels() }
        guard case .vectorSelector(let vs)? = try? parse(desc) else { return nil }
        var d: [String: String] = [:]
        for m in vs.matchers where m.op == .equal { d[m.name] = m.value }
        return Labels(d)
    }

    func parseSeriesLine(_ l: String) -> (Labels, [Double?])? {
        guard let (desc, rest) = splitDescriptor(l), let labels = parseLabels(desc), let vals = parseValues(rest) else { return nil }
        return (labels, vals)
    }

    func parseExpectedLine(_ l: String) -> Expected? {
        if l.contains("{{") {
            var desc = "{}", rest = l
            if !l.hasPrefix("{{") {
                guard let (d, r) = splitDescriptor(l) else { return nil }
                desc = d; rest = r
            }
            guard let labels = parseLabels(desc), let vals = try? HistogramNotation.parseValues(rest) else { return nil }
            var e = Expected(labels: labels, values: [], hintSet: HistogramNotation.hasExplicitHint(rest))
            for v in vals {
                switch v {
                case .float(let f)?: e.values.append(f); e.histograms.append(nil)
                case .histogram(let h)?: e.values.append(nil); e.histograms.append(h)
                case nil: e.values.append(nil); e.histograms.append(nil)
                }
            }
            return e
        }
        let first = l.first ?? " "
        let looksNumeric = first.isNumber || first == "-" || first == "+" || first == "." || first == "_"
            || ["nan", "inf"].contains(l.split(separator: " ").first.map { $0.lowercased() } ?? "")
        if looksNumeric, let v = parseValues(l) { return Expected(labels: nil, values: v) }
        guard let (labels, vals) = parseSeriesLine(l) else { return nil }
        return Expected(labels: labels, values: vals)
    }

    func parseValue(_ s: String) -> Double? {
        if s == "stale" { return staleNaN }
        return parseNumberLiteral(s)
    }

    /// `1 2 _ stale 3+2x4 5x2 _x3 -1-1x2`
    func parseValues(_ s: String) -> [Double?]? {
        var out: [Double?] = []
        for tok in s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
            if tok == "_" { out.append(nil); continue }
            if let x = tok.lastIndex(of: "x"), let n = Int(tok[tok.index(after: x)...]) {
                let head = String(tok[..<x])
                if head == "_" { out.append(contentsOf: Array(repeating: nil, count: n + 1)); continue }
                // a+b or a-b, where a may itself carry a sign or an exponent.
                var splitAt: String.Index? = nil
                var i = head.index(after: head.startIndex)
                while i < head.endIndex {
                    let c = head[i], p = head[head.index(before: i)]
                    if (c == "+" || c == "-") && p != "e" && p != "E" { splitAt = i }
                    i = head.index(after: i)
                }
                let a: Double, b: Double
                if let at = splitAt {
                    guard let av = parseValue(String(head[..<at])), let bv = parseValue(String(head[at...]).replacingPlus) else { return nil }
                    a = av; b = bv
                } else {
                    guard let av = parseValue(head) else { return nil }
                    a = av; b = 0
                }
                for k in 0...n { out.append(b == 0 ? a : a + Double(k) * b) }
                continue
            }
            guard let v = parseValue(tok) else { return nil }
            out.append(v)
        }
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" || s.first == "\r" { s.removeFirst() }
        while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }
        return String(s)
    }
    var replacingPlus: String { hasPrefix("+") ? String(dropFirst()) : self }
}
