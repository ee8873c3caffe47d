import PromQL
import Yams

/// Reads a rule file (plain `groups:` or a PrometheusRule CRD with `spec.groups`) into
/// typed groups, collecting every structural problem promtool would reject as a finding
/// with its place. It never throws for bad content; only an unreadable file is an error.
public struct RuleFileLoader: Sendable {
    public var ignoreUnknownFields: Bool
    /// PromQL features switched on for rule expressions (off: as Prometheus by default).
    public var features: PromQLFeatures
    public init(ignoreUnknownFields: Bool = false, features: PromQLFeatures = []) {
        self.ignoreUnknownFields = ignoreUnknownFields; self.features = features
    }

    public struct Result: Sendable {
        public var file: RuleFile
        public var findings: [Finding]
    }

    public func load(path: String, text: String) -> Result {
        var ctx = Context(path: path, source: SourceLines(text), ignoreUnknown: ignoreUnknownFields, features: features)
        var groups: [RuleGroup] = []
        do {
            let parser = try Parser(yaml: text)
            while let doc = try parser.nextRoot() {
                groups += ctx.document(RuleYAMLNode(doc))
            }
        } catch let e as YamlError {
            ctx.add(yamlErrorPosition(e), "yaml/syntax", yamlErrorMessage(e))
        } catch {
            ctx.add(FilePosition(line: 1, column: 1), "yaml/syntax", "\(error)")
        }
        ctx.checkDuplicates(groups)
        return Result(file: RuleFile(path: path, groups: groups, source: ctx.source), findings: ctx.findings)
    }

    /// Reads one rule file that is already parsed: `root` is a mapping with `groups` (or a
    /// PrometheusRule), its positions are places in the file whose lines `source` gives.
    public func load(path: String, root: RuleYAMLNode, source: SourceLines) -> Result {
        var ctx = Context(path: path, source: source, ignoreUnknown: ignoreUnknownFields, features: features)
        let groups = ctx.document(root)
        ctx.checkDuplicates(groups)
        return Result(file: RuleFile(path: path, groups: groups, source: source), findings: ctx.findings)
    }

    struct Context {
        let path: String
        let source: SourceLines
        let ignoreUnknown: Bool
        let features: PromQLFeatures
        var findings: [Finding] = []
        var groupNames: [String: FilePosition] = [:]

        init(path: String, source: SourceLines, ignoreUnknown: Bool, features: PromQLFeatures) {
            self.path = path; self.source = source; self.ignoreUnknown = ignoreUnknown; self.features = features
        }

        mutating func add(_ p: FilePosition, _ id: String, _ message: String, _ severity: Severity = .error) {
            findings.append(Finding(file: path, position: p, severity: severity, id: id, message: message,
                                    sourceLine: source[p.line]))
        }

        mutating func unknown(_ key: String, at position: FilePosition, allowed: [String], in what: String) {
            guard !ignoreUnknown else { return }
            add(position, "rules/unknown-field",
                "field \(key) not found in \(what) (known: \(allowed.joined(separator: ", ")))")
        }

        mutating func document(_ root: RuleYAMLNode) -> [RuleGroup] {
            if root.isNull { return [] }
            guard let entries = root.entries else {
                add(root.position, "rules/structure", "a rule file must be a mapping with a groups key, got \(root.kindName)")
                return []
            }
            if let kind = root["kind"]?.string {
                guard kind == "PrometheusRule" else {
                    add(root["kind"]?.position ?? root.position, "rules/structure", "kind \(kind) is not PrometheusRule")
                    return []
                }
                guard let spec = root["spec"], spec.entries != nil else {
                    add(root.position, "rules/structure", "PrometheusRule without spec")
                    return []
                }
                guard let groups = spec["groups"] else { return [] }
                return groupList(groups)
            }
            var result: [RuleGroup] = []
            for entry in entries {
                if entry.key == "groups" { result = groupList(entry.value) } else { unknown(entry.key, at: entry.keyPosition, allowed: ["groups"], in: "rule file") }
            }
            return result
        }

        mutating func groupList(_ node: RuleYAMLNode) -> [RuleGroup] {
            if node.isNull { return [] }
            guard let seq = node.items else {
                add(node.position, "rules/structure", "groups must be a sequence, got \(node.kindName)")
                return []
            }
            return seq.compactMap { group($0) }
        }

        static let groupFields = ["name", "interval", "query_offset", "limit", "rules", "labels"]
        static let ruleFields = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

        mutating func group(_ node: RuleYAMLNode) -> RuleGroup? {
            guard let entries = node.entries else {
                add(node.position, "rules/structure", "a group must be a mapping, got \(node.kindName)")
                return nil
            }
            var name: String?
            var namePos = node.position
            var interval: Int64?
            var offset: Int64?
            var limit: Int?
            var rules: [Rule] = []
            for entry in entries {
                let value = entry.value
                switch entry.key {
                case "name":
                    name = value.string; namePos = value.position
                case "interval": interval = duration(value, "interval")
                case "query_offset": offset = duration(value, "query_offset")
                case "limit":
                    limit = value.int
                    if limit == nil { add(value.position, "rules/structure", "limit must be an integer") }
                case "labels": _ = labelMap(value, what: "group label")
                case "rules":
                    if let seq = value.items { rules = seq.compactMap { rule($0) } }
                    else if !value.isNull { add(value.position, "rules/structure", "rules must be a sequence, got \(value.kindName)") }
                default: unknown(entry.key, at: entry.keyPosition, allowed: Self.groupFields, in: "group")
                }
            }
            guard let groupName = name, !groupName.isEmpty else {
                add(namePos, "rules/group-name", "group name must not be empty")
                return nil
            }
            if let first = groupNames[groupName] {
                add(namePos, "rules/group-name", "groupname: \"\(groupName)\" is repeated in the same file (first at line \(first.line))")
            } else {
                groupNames[groupName] = namePos
            }
            return RuleGroup(name: groupName, namePosition: namePos, intervalMs: interval,
                             queryOffsetMs: offset, limit: limit, rules: rules)
        }

        mutating func duration(_ node: RuleYAMLNode, _ field: String) -> Int64? {
            guard let s = node.string else {
                add(node.position, "rules/structure", "\(field) must be a duration string")
                return nil
            }
            do { return try PromDuration.parse(s) } catch {
                add(node.position, "rules/structure", "\(field): \(error)")
                return nil
            }
        }

        mutating func rule(_ node: RuleYAMLNode) -> Rule? {
            guard let entries = node.entries else {
                add(node.position, "rules/structure", "a rule must be a mapping, got \(node.kindName)")
                return nil
            }
            var record: SourcedString?, alert: SourcedString?, expr: SourcedString?
            var forMs: Int64 = 0, forPos: FilePosition?, keepMs: Int64 = 0
            var forKey: FilePosition?, keepKey: FilePosition?, annotationsKey: FilePosition?
            var labels: [RuleLabel] = [], annotations: [RuleLabel] = []
            for entry in entries {
                let value = entry.value
                switch entry.key {
                case "record": record = sourced(value)
                case "alert": alert = sourced(value)
                case "expr": expr = sourced(value)
                case "for":
                    forKey = entry.keyPosition; forPos = value.position
                    forMs = duration(value, "for") ?? 0
                case "keep_firing_for":
                    keepKey = entry.keyPosition; keepMs = duration(value, "keep_firing_for") ?? 0
                case "labels": labels = labelMap(value, what: "label")
                case "annotations":
                    annotationsKey = entry.keyPosition; annotations = labelMap(value, what: "annotation")
                default: unknown(entry.key, at: entry.keyPosition, allowed: Self.ruleFields, in: "rule")
                }
            }
            let name: SourcedString
            let kind: Rule.Kind
            switch (record, alert) {
            case (let r?, nil): name = r; kind = .recording
            case (nil, let a?): name = a; kind = .alerting
            case (_?, _?):
                add(node.position, "rules/record-or-alert", "only one of 'record' and 'alert' must be set")
                return nil
            case (nil, nil):
                add(node.position, "rules/record-or-alert", "one of 'record' or 'alert' must be set")
                return nil
            }
            if name.value.isEmpty {
                add(name.position, "rules/record-or-alert", "\(kind.rawValue) name must not be empty")
            }
            guard let exprString = expr, !exprString.value.trimmingWhitespace.isEmpty else {
                add(node.position, "rules/structure", "field 'expr' must be set in rule")
                return nil
            }
            var parsed: Expr?
            do { parsed = try PromQL.parse(exprString.value, features: features) } catch {
                let p = ExpressionPosition.map(error.position, in: exprString, source: source)
                add(p, "promql/syntax", "could not parse expression: \(error.message)")
            }
            if kind == .recording {
                if let p = forKey { add(p, "rules/recording-fields", "invalid field 'for' in recording rule") }
                if let p = keepKey { add(p, "rules/recording-fields", "invalid field 'keep_firing_for' in recording rule") }
                if let p = annotationsKey { add(p, "rules/recording-fields", "invalid field 'annotations' in recording rule") }
                if !Names.isValidMetricName(name.value) {
                    add(name.position, "rules/name", "invalid recording rule name: \(name.value)")
                }
            }
            for l in labels {
                if l.name == "__name__" || !Names.isValidLabelName(l.name) {
                    add(l.namePosition, "rules/name", "invalid label name: \(l.name)")
                }
            }
            for a in annotations where !Names.isValidLabelName(a.name) {
                add(a.namePosition, "rules/name", "invalid annotation name: \(a.name)")
            }
            if kind == .alerting {
                for index in labels.indices { labels[index].template = checkTemplate(labels[index]) }
                for index in annotations.indices { annotations[index].template = checkTemplate(annotations[index]) }
            }
            return Rule(kind: kind, name: name, expr: exprString, parsed: parsed, forMs: forMs, forPosition: forPos,
                        keepFiringForMs: keepMs, labels: labels, annotations: annotations, position: node.position)
        }

        /// The parsed template, or nil with a finding at the place of the error.
        mutating func checkTemplate(_ l: RuleLabel) -> [TemplateNode]? {
            do { return try Template.parse(l.value.value) } catch {
                let p = ExpressionPosition.map(SourcePosition(line: error.line, column: error.column),
                                               in: l.value, source: source)
                add(p, "template/syntax", "template \(l.name): \(error.message)")
                return nil
            }
        }

        mutating func labelMap(_ node: RuleYAMLNode, what: String) -> [RuleLabel] {
            if node.isNull { return [] }
            guard let entries = node.entries else {
                add(node.position, "rules/structure", "\(what)s must be a mapping, got \(node.kindName)")
                return []
            }
            var out: [RuleLabel] = []
            for entry in entries {
                guard let v = sourced(entry.value) else { continue }
                out.append(RuleLabel(name: entry.key, namePosition: entry.keyPosition, value: v))
            }
            return out
        }

        mutating func sourced(_ node: RuleYAMLNode) -> SourcedString? {
            guard case let .scalar(text, style, _) = node.content else {
                add(node.position, "rules/structure", "expected a string, got \(node.kindName)")
                return nil
            }
            return SourcedString(value: text, position: node.position, style: style)
        }

        /// promtool's duplicate check: the same rule name with the same labels twice in a file.
        mutating func checkDuplicates(_ groups: [RuleGroup]) {
            var seen: [String: FilePosition] = [:]
            for g in groups {
                for r in g.rules {
                    let key = "\(r.kind.rawValue)\u{0}\(r.name.value)\u{0}\(r.labels.map { "\($0.name)=\($0.value.value)" }.sorted().joined(separator: ","))"
                    if let first = seen[key] {
                        add(r.name.position, "rules/duplicate",
                            "duplicate rule: \(r.kind.rawValue) \(r.name.value) with the same labels already at line \(first.line)",
                            .warning)
                    } else {
                        seen[key] = r.name.position
                    }
                }
            }
        }
    }
}

func yamlErrorPosition(_ e: YamlError) -> FilePosition {
    switch e {
    case .scanner(_, _, let m, _), .parser(_, _, let m, _), .composer(_, _, let m, _):
        return FilePosition(line: m.line, column: m.column)
    case .duplicatedKeysInMapping(_, let ctx):
        return FilePosition(line: ctx.mark.line, column: ctx.mark.column)
    default:
        return FilePosition(line: 1, column: 1)
    }
}

func yamlErrorMessage(_ e: YamlError) -> String {
    switch e {
    case .scanner(let c, let p, _, _), .parser(let c, let p, _, _), .composer(let c, let p, _, _):
        if let c { return "\(p) (\(c.text))" }
        return p
    case .duplicatedKeysInMapping(let d, _):
        return "duplicated key in mapping: \(d.joined(separator: ", "))"
    case .reader(let problem, _, _, _):
        return problem
    default:
        return "\(e)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let s = drop(while: { $0.isWhitespace })
        return s.reversed().drop(while: { $0.isWhitespace }).isEmpty ? "" : s
    }
}
