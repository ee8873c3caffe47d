/// Paths the checks read on every object, parsed once: a `NodePath` string literal is parsed
/// each time it is evaluated, which in a check means once per object of the run.
extension NodePath {
    static let spec: NodePath = "spec"
    static let data: NodePath = "data"
    static let metadataAnnotations: NodePath = "metadata.annotations"
    static let probeIngress: NodePath = "spec.targets.ingress"
    static let probeIngressSelector: NodePath = "spec.targets.ingress.selector"
    static let specReplicas: NodePath = "spec.replicas"
    static let specMaxReplicas: NodePath = "spec.maxReplicas"
    static let specSelector: NodePath = "spec.selector"
    static let specType: NodePath = "spec.type"
    static let specPorts: NodePath = "spec.ports"
    static let specRules: NodePath = "spec.rules"
    static let specDefaultBackend: NodePath = "spec.defaultBackend"
    static let specBackend: NodePath = "spec.backend"
    static let specConcurrencyPolicy: NodePath = "spec.concurrencyPolicy"
    static let specStrategy: NodePath = "spec.strategy"
    static let specStrategyType: NodePath = "spec.strategy.type"
    static let specUpdateStrategy: NodePath = "spec.updateStrategy"
    static let specUpdateStrategyType: NodePath = "spec.updateStrategy.type"
    static let scaleTargetKind: NodePath = "spec.scaleTargetRef.kind"
    static let scaleTargetName: NodePath = "spec.scaleTargetRef.name"
}
