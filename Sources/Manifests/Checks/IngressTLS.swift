/// `ingress-tls`: an Ingress with rules has a `spec.tls` section.
public struct IngressTLSCheck: Check {
    public let id = "ingress-tls"
    public let severity = Severity.warning
    public let why = "An Ingress without tls serves its hosts over plain HTTP: sessions, tokens and personal data cross the network readable by anyone on the path."
    public let fix = "Add spec.tls with the hosts and a secretName (cert-manager can issue it)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard object.kind == "Ingress", object.node(at: .specRules)?.items?.isEmpty == false,
              (object.node(at: "spec.tls")?.items ?? []).isEmpty else { return [] }
        return [finding("Ingress \(object.name) has no tls section", in: object, at: .specRules, atKey: true)]
    }
}
