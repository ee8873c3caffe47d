/// Facts lints need from a parsed template: which labels it reads and whether it prints
/// `$value` as is.
enum TemplateWalk {
    static func pipelines(_ nodes: [TemplateNode]) -> [TemplatePipeline] {
        var out: [TemplatePipeline] = []
        func visit(_ ns: [TemplateNode]) {
            for n in ns {
                switch n {
                case .text: break
                case .action(let p): out.append(p)
                case .ifNode(let p, let a, let b), .rangeNode(let p, let a, let b), .withNode(let p, let a, let b):
                    out.append(p); visit(a); visit(b ?? [])
                }
            }
        }
        visit(nodes)
        return out
    }

    /// Label names read as `$labels.x` or `.Labels.x` (outside range/with, where dot is the alert).
    static func labelReferences(_ nodes: [TemplateNode]) -> Set<String> {
        var names: Set<String> = []
        func operands(_ ops: [TemplateOperand]) {
            for op in ops {
                switch op {
                case .variable("$labels", let f) where !f.isEmpty: names.insert(f[0])
                case .variable("$", let f) where f.count >= 2 && f[0] == "Labels": names.insert(f[1])
                case .pipeline(let p, _): p.commands.forEach(operands)
                default: break
                }
            }
        }
        func visit(_ ns: [TemplateNode], dotIsAlert: Bool) {
            for n in ns {
                switch n {
                case .text: break
                case .action(let p):
                    p.commands.forEach(operands)
                    if dotIsAlert { p.commands.forEach(dotLabels) }
                case .ifNode(let p, let a, let b):
                    p.commands.forEach(operands); visit(a, dotIsAlert: dotIsAlert); visit(b ?? [], dotIsAlert: dotIsAlert)
                case .rangeNode(let p, let a, let b), .withNode(let p, let a, let b):
                    p.commands.forEach(operands); visit(a, dotIsAlert: false); visit(b ?? [], dotIsAlert: dotIsAlert)
                }
            }
        }
        func dotLabels(_ ops: [TemplateOperand]) {
            for case .field(let f) in ops where f.count >= 2 && f[0] == "Labels" { names.insert(f[1]) }
        }
        visit(nodes, dotIsAlert: true)
        return names
    }

    /// Whether some action prints `$value` / `.Value` with no function applied.
    static func printsRawValue(_ nodes: [TemplateNode]) -> Bool {
        for n in nodes {
            if case .action(let p) = n, p.variables.isEmpty, p.commands.count == 1, p.commands[0].count == 1 {
                switch p.commands[0][0] {
                case .variable("$value", let f) where f.isEmpty: return true
                case .field(let f) where f == ["Value"]: return true
                default: break
                }
            }
            switch n {
            case .ifNode(_, let a, let b), .rangeNode(_, let a, let b), .withNode(_, let a, let b):
                if printsRawValue(a) || printsRawValue(b ?? []) { return true }
            default: break
            }
        }
        return false
    }
}
