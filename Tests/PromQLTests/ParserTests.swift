import Testing
@testable import PromQL

/// One test per grammar rule of the parser.
@Suite struct ParserTests {
    func p(_ s: String) throws -> Expr { try parse(s) }

    func parseError(_ s: String) -> ParseError? {
        do { _ = try parse(s); return nil } catch { return error }
    }

    @Test func numberLiterals() throws {
        for (text, want) in [("1", 1.0), ("0x1F", 31), ("1e3", 1000), ("12.34e-6", 0.00001234), (".5", 0.5),
                             ("2.", 2), ("-0.2", -0.2), ("+3", 3), ("5m", 300), ("1h30m", 5400)] {
            guard case .number(let v, _) = try p(text) else { Issue.record("\(text) is not a number"); continue }
            #expect(v == want, "\(text)")
        }
        guard case .number(let inf, _) = try p("-Inf"), case .number(let nan, _) = try p("nAn") else {
            Issue.record("Inf/NaN"); return
        }
        #expect(inf == -.infinity)
        #expect(nan.isNaN)
    }

    @Test func stringLiteralsAllQuotesAndEscapes() throws {
        for (text, want) in [(#""a\nb""#, "a\nb"), ("'it\\'s'", "it's"), ("`raw\\n`", "raw\\n"),
                             (#""\x41\u00e9\101""#, "Aé" + "A"), (#""tab\t""#, "tab\t")] {
            guard case .string(let v, _) = try p(text) else { Issue.record("\(text) is not a string"); continue }
            #expect(v == want, "\(text)")
        }
        #expect(parseError(#""unterminated"#)?.message == "unterminated quoted string")
        #expect(parseError(#""bad \q""#)?.message == "unknown escape sequence")
    }

    @Test func selectorsWithAllFourMatchers() throws {
        guard case .vectorSelector(let vs) = try p(#"up{a="1", b!="2", c=~"x.*", d!~'y'}"#) else {
            Issue.record("not a selector"); return
        }
        #expect(vs.name == "up")
        #expect(vs.matchers.map(\.op) == [.equal, .equal, .notEqual, .regexMatch, .regexNoMatch])
        guard case .vectorSelector(let q) = try p(#"{"my.metric", "a.b"="c"}"#) else { Issue.record("quoted"); return }
        #expect(q.name == "my.metric")
        #expect(q.matchers.contains(LabelMatcher(name: "a.b", op: .equal, value: "c")))
        guard case .vectorSelector(let r) = try p(#"{__name__=~"a|b"}"#) else { Issue.record("regex name"); return }
        #expect(r.name == nil)
        #expect(parseError(#"{a=""}"#)?.message == "vector selector must contain at least one non-empty matcher")
        #expect(parseError(#"foo{__name__="bar"}"#)?.message.hasPrefix("metric name must not be set twice") == true)
        #expect(parseError(#"foo{a=~"("}"#)?.message.hasPrefix("invalid regular expression") == true)
    }

    @Test func offsetAndAtModifiers() throws {
        guard case .vectorSelector(let vs) = try p("foo offset -5m @ 100") else { Issue.record("selector"); return }
        #expect(vs.offsetMs == -300_000)
        #expect(vs.at == .timestamp(100_000))
        guard case .matrixSelector(let m, let range, _) = try p("foo[1h] @ start() offset 1m") else { Issue.record("matrix"); return }
        #expect(range == 3_600_000 && m.at == .start && m.offsetMs == 60_000)
        guard case .vectorSelector(let e) = try p("foo @ end()") else { Issue.record("end"); return }
        #expect(e.at == .end)
        #expect(parseError("sum(foo) offset 1m")?.message.hasPrefix("offset modifier must be preceded by") == true)
        #expect(parseError("foo offset 1m offset 2m")?.message == "offset may not be set multiple times")
    }

    @Test func rangesAndSubqueries() throws {
        guard case .matrixSelector(_, let r, _) = try p("foo[10]") else { Issue.record("number range"); return }
        #expect(r == 10_000)
        guard case .subquery(_, let range, let step, let off, _, _) = try p("rate(foo[5m])[1h:30s] offset 1m") else {
            Issue.record("subquery"); return
        }
        #expect(range == 3_600_000 && step == 30_000 && off == 60_000)
        guard case .subquery(_, _, let noStep, _, _, _) = try p("foo[5m:]") else { Issue.record("no step"); return }
        #expect(noStep == nil)
        #expect(parseError("(foo)[5m]")?.message == "ranges only allowed for vector selectors")
    }

    @Test func precedenceAndAssociativity() throws {
        // 1 + 2 * 3 ^ 2 ^ 2  ==  1 + (2 * (3 ^ (2 ^ 2)))
        guard case .binary(.add, _, let r1, _, _, _) = try p("1 + 2 * 3 ^ 2 ^ 2"),
              case .binary(.mul, _, let r2, _, _, _) = r1,
              case .binary(.pow, _, let r3, _, _, _) = r2,
              case .binary(.pow, _, _, _, _, _) = r3 else { Issue.record("shape"); return }
        // a - b - c == (a - b) - c
        guard case .binary(.sub, let l, _, _, _, _) = try p("a - b - c"), case .binary(.sub, _, _, _, _, _) = l else {
            Issue.record("left assoc"); return
        }
        // -2 ^ 2 == -(2 ^ 2)
        guard case .unary(true, .binary(.pow, _, _, _, _, _), _) = try p("-2 ^ 2") else { Issue.record("unary"); return }
        // or < and/unless < comparison < +,- < *,/,%,atan2
        guard case .binary(.or, _, let rhs, _, _, _) = try p("a or b and c > d + e atan2 f"),
              case .binary(.and, _, let cmp, _, _, _) = rhs,
              case .binary(.gtr, _, let add, _, _, _) = cmp,
              case .binary(.add, _, .binary(.atan2, _, _, _, _, _), _, _, _) = add else { Issue.record("levels"); return }
    }

    @Test func vectorMatchingModifiers() throws {
        guard case .binary(.mul, _, _, let m?, false, _) = try p("a * on(x, y) group_left(z) b") else { Issue.record("on"); return }
        #expect(m.on && m.matchingLabels == ["x", "y"] && m.cardinality == .manyToOne && m.include == ["z"])
        guard case .binary(.gtr, _, _, let m2?, true, _) = try p("a > bool ignoring(x) group_right b") else { Issue.record("bool"); return }
        #expect(!m2.on && m2.cardinality == .oneToMany)
        guard case .binary(.and, _, _, let m3?, _, _) = try p("a and b") else { Issue.record("set"); return }
        #expect(m3.cardinality == .manyToMany)
        #expect(parseError("a + bool b")?.message == "bool modifier can only be used on comparison operators")
        #expect(parseError("1 > 2")?.message == "comparisons between scalars must use BOOL modifier")
        #expect(parseError("a and on(x) group_left b")?.message == "no grouping allowed for \"and\" operation")
        #expect(parseError("1 and a")?.message == "set operator \"and\" not allowed in binary scalar expression")
    }

    @Test func aggregationsWithGroupingBeforeOrAfter() throws {
        guard case .aggregate(.sum, _, nil, let g, false, _) = try p("sum by (a, b) (x)") else { Issue.record("by"); return }
        #expect(g == ["a", "b"])
        guard case .aggregate(.avg, _, nil, let g2, true, _) = try p("avg(x) without (c,)") else { Issue.record("without"); return }
        #expect(g2 == ["c"])
        guard case .aggregate(.topk, _, .number(3, _)?, _, _, _) = try p("topk(3, x)") else { Issue.record("topk"); return }
        guard case .aggregate(.countValues, _, .string("v", _)?, _, _, _) = try p(#"count_values("v", x)"#) else { Issue.record("cv"); return }
        guard case .aggregate(.quantile, _, _, _, _, _) = try p("QUANTILE(0.9, x)") else { Issue.record("case"); return }
        #expect(parseError("topk(x)")?.message == "wrong number of arguments for aggregate expression provided, expected 2, got 1")
        #expect(parseError(#"count_values(1, x)"#)?.message == "expected type string in aggregation parameter, got scalar")
        #expect(parseError("sum(x[5m])")?.message == "expected type instant vector in aggregation expression, got range vector")
    }

    @Test func functionCallsAreTypeChecked() throws {
        #expect(parseError("rate(foo)")?.message == "expected type range vector in call to function \"rate\", got instant vector")
        #expect(parseError("abs(foo, 1)")?.message == "expected 1 argument(s) in call to \"abs\", got 2")
        #expect(parseError("round(foo, 1, 2)")?.message == "expected at most 2 argument(s) in call to \"round\", got 3")
        #expect(parseError("label_join(foo)")?.message == "expected at least 3 argument(s) in call to \"label_join\", got 1")
        #expect(parseError("nosuch(foo)")?.message == "unknown function with name \"nosuch\"")
        guard case .call("time", let args, _) = try p("time()") else { Issue.record("time"); return }
        #expect(args.isEmpty)
    }

    @Test func commentsAndLineColumnPositions() throws {
        _ = try p("sum(x) # a comment\n  + 1")
        let e = parseError("sum(x)\n  + )")
        #expect(e?.position == SourcePosition(line: 2, column: 5))
        #expect(e?.description == "2:5: parse error: unexpected \")\", expected expression")
        #expect(parseError("foo{")?.description == "1:5: parse error: unexpected end of input in label matching, expected label matching operator")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(parseError(deep)?.message.hasPrefix("expression nested too deeply") == true)
        let chain = Array(repeating: "1", count: 10_000).joined(separator: " + ")
        #expect(parseError(chain)?.message.hasPrefix("expression nested too deeply") == true)
        let unary = String(repeating: "-", count: 10_000) + "1"
        #expect(parseError(unary) != nil)
    }
}
