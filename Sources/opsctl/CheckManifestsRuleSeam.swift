import Manifests
import Rules

/// The seam of `prometheus-rule`: the rule groups of a PrometheusRule go through the checker of
/// `opsctl rules check` (unknown fields are the schema's job here, so the rule loader ignores them).
///
/// The checker gets the `spec` the manifest loader already composed, converted node for node (keys,
/// positions and scalar styles kept), and reads lines from the file's text only for a finding. It
/// replaced handing the checker the spec as text, which it parsed again with Yams: on the monitoring
/// corpus of bench/manifests that re-parse was 21% of the run (perf samples); the conversion is 2.8%
/// of its instructions (figures in bench/manifests/README.md).
struct RulesEmbeddedChecker: EmbeddedRuleChecker {
    let checker = RulesChecker(ignoreUnknownFields: true)

    func check(spec: YAMLNode, source: SourceText, name: String) -> [EmbeddedFinding] {
        let lines = SourceLines { number in source.line(number).map(String.init) }
        return checker.check(path: name, root: Self.ruleNode(spec), source: lines).map { finding in
            EmbeddedFinding(
                position: Manifests.Position(line: finding.position.line, column: finding.position.column),
                severity: finding.severity == .error ? .error : .warning,
                id: finding.id, message: finding.message
            )
        }
    }

    /// The manifest loader's node as the rule loader's node.
    static func ruleNode(_ node: YAMLNode) -> RuleYAMLNode {
        let position = FilePosition(line: node.position.line, column: node.position.column)
        switch node.content {
        case let .mapping(entries):
            return RuleYAMLNode(.mapping(entries.map { entry in
                RuleYAMLNode.Entry(key: entry.key, keyPosition: FilePosition(line: entry.keyPosition.line, column: entry.keyPosition.column),
                                   value: ruleNode(entry.value))
            }), at: position)
        case let .sequence(items):
            return RuleYAMLNode(.sequence(items.map(ruleNode)), at: position)
        case let .scalar(scalar):
            return RuleYAMLNode(.scalar(text: scalar.text, style: style(scalar.style), isNull: scalar.kind == .null), at: position)
        }
    }

    static func style(_ style: Scalar.Style) -> SourcedString.ScalarStyle {
        switch style {
        case .plain: return .plain
        case .singleQuoted: return .singleQuoted
        case .doubleQuoted: return .doubleQuoted
        case .literal: return .literal
        case .folded: return .folded
        }
    }
}
