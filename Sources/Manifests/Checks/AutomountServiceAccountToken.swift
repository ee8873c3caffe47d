/// `automount-service-account-token`: a pod does not get a Kubernetes API token mounted unless it
/// asks for one: its spec sets `automountServiceAccountToken: false`, or leaves it unset and its
/// ServiceAccount (`serviceAccountName`, default `default`, same namespace, in the run) sets it false.
/// An explicit `true` on the pod is a finding too: ignore it with a reason where the pod talks to the API.
public struct AutomountServiceAccountTokenCheck: Check {
    public let id = "automount-service-account-token"
    public let severity = Severity.warning
    public let why = "A mounted service-account token lets anyone who gets code execution in the pod call the Kubernetes API with the pod's rights; most pods never call the API."
    public let fix = "Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount)."

    public init() {}

    public func check(_ object: ManifestObject, context: CheckContext) -> [Finding] {
        guard let pod = object.podSpec else { return [] }
        var fieldPath: NodePath { pod.path.appending(key: "automountServiceAccountToken") }  // built only for a finding
        switch pod.node["automountServiceAccountToken"]?.bool {
        case false?:
            return []
        case true?:
            return [finding("pod of \(object.displayName) sets automountServiceAccountToken true", in: object, at: fieldPath)]
        case nil:
            let accountName = pod.node["serviceAccountName"]?.text ?? pod.node["serviceAccount"]?.text ?? "default"
            let account = context.object(kind: "ServiceAccount", named: accountName, sameNamespaceAs: object)
            if account?.root["automountServiceAccountToken"]?.bool == false { return [] }
            let accountNote = account == nil
                ? "ServiceAccount \(accountName) is not in the run"
                : "ServiceAccount \(accountName) does not set it false"
            return [finding(
                "pod of \(object.displayName) mounts a service-account token: automountServiceAccountToken is unset and \(accountNote)",
                in: object, at: pod.path, atKey: true
            )]
        }
    }
}
