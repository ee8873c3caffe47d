extension CheckContext {
    /// HorizontalPodAutoscalers in `object`'s namespace whose `scaleTargetRef` names it (kind and name).
    func autoscalers(of object: ManifestObject) -> [ManifestObject] {
        objects(kind: "HorizontalPodAutoscaler", sameNamespaceAs: object).filter { hpa in
            hpa.node(at: "spec.scaleTargetRef.kind")?.text == object.kind
                && hpa.node(at: "spec.scaleTargetRef.name")?.text == object.name
        }
    }
}
