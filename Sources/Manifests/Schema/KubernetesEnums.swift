/// Enumerations the API server enforces but Kubernetes' OpenAPI (and so every JSON schema made
/// from it) does not carry: `type: LoadBalancerr` passes kubeconform and fails at apply time.
/// Added to the bundled schemas when they load. Values from the Kubernetes API reference.
enum KubernetesEnums {
    struct Entry {
        var definition: String
        /// Property, or `property.items` for the items of a list.
        var property: String
        var values: [String]
    }

    static let core = "io.k8s.api.core.v1."
    static let entries: [Entry] = [
        Entry(definition: core + "ServiceSpec", property: "type", values: ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]),
        Entry(definition: core + "ServiceSpec", property: "externalTrafficPolicy", values: ["Cluster", "Local"]),
        Entry(definition: core + "ServiceSpec", property: "internalTrafficPolicy", values: ["Cluster", "Local"]),
        Entry(definition: core + "ServiceSpec", property: "sessionAffinity", values: ["ClientIP", "None"]),
        Entry(definition: core + "ServicePort", property: "protocol", values: ["TCP", "UDP", "SCTP"]),
        Entry(definition: core + "ContainerPort", property: "protocol", values: ["TCP", "UDP", "SCTP"]),
        Entry(definition: core + "Container", property: "imagePullPolicy", values: ["Always", "IfNotPresent", "Never"]),
        Entry(definition: core + "EphemeralContainer", property: "imagePullPolicy", values: ["Always", "IfNotPresent", "Never"]),
        Entry(definition: core + "Container", property: "terminationMessagePolicy", values: ["File", "FallbackToLogsOnError"]),
        Entry(definition: core + "PodSpec", property: "restartPolicy", values: ["Always", "OnFailure", "Never"]),
        Entry(definition: core + "PodSpec", property: "dnsPolicy", values: ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]),
        Entry(definition: core + "PodSpec", property: "preemptionPolicy", values: ["PreemptLowerPriority", "Never"]),
        Entry(definition: core + "Toleration", property: "operator", values: ["Exists", "Equal"]),
        Entry(definition: core + "Toleration", property: "effect", values: ["NoSchedule", "PreferNoSchedule", "NoExecute"]),
        Entry(definition: core + "SeccompProfile", property: "type", values: ["RuntimeDefault", "Unconfined", "Localhost"]),
        Entry(definition: core + "HTTPGetAction", property: "scheme", values: ["HTTP", "HTTPS"]),
        Entry(definition: core + "PersistentVolumeClaimSpec", property: "volumeMode", values: ["Filesystem", "Block"]),
        Entry(definition: "io.k8s.api.apps.v1.DeploymentStrategy", property: "type", values: ["RollingUpdate", "Recreate"]),
        Entry(definition: "io.k8s.api.apps.v1.StatefulSetSpec", property: "podManagementPolicy", values: ["OrderedReady", "Parallel"]),
        Entry(definition: "io.k8s.api.apps.v1.StatefulSetUpdateStrategy", property: "type", values: ["RollingUpdate", "OnDelete"]),
        Entry(definition: "io.k8s.api.apps.v1.DaemonSetUpdateStrategy", property: "type", values: ["RollingUpdate", "OnDelete"]),
        Entry(definition: "io.k8s.api.batch.v1.CronJobSpec", property: "concurrencyPolicy", values: ["Allow", "Forbid", "Replace"]),
        Entry(definition: "io.k8s.api.networking.v1.NetworkPolicySpec", property: "policyTypes.items", values: ["Ingress", "Egress"]),
        Entry(definition: "io.k8s.api.networking.v1.HTTPIngressPath", property: "pathType", values: ["Exact", "Prefix", "ImplementationSpecific"]),
        Entry(definition: "io.k8s.api.policy.v1.PodDisruptionBudgetSpec", property: "unhealthyPodEvictionPolicy", values: ["IfHealthyBudget", "AlwaysAllow"]),
        Entry(definition: "io.k8s.api.autoscaling.v2.MetricSpec", property: "type", values: ["ContainerResource", "External", "Object", "Pods", "Resource"]),
    ]

    /// The entries by definition name.
    static let byDefinition: [String: [Entry]] = Dictionary(grouping: entries, by: \.definition)

    /// Adds the enums to one parsed definition where the property exists and has none.
    static func apply(to definition: JSONValue, definition name: String) -> JSONValue {
        guard let entries = byDefinition[name], case var .object(members) = definition,
              let propertiesIndex = members.lastIndex(where: { $0.key == "properties" }),
              case var .object(properties) = members[propertiesIndex].value
        else { return definition }
        for entry in entries {
            let parts = entry.property.split(separator: ".").map(String.init)
            guard let propertyIndex = properties.lastIndex(where: { $0.key == parts[0] }),
                  case var .object(property) = properties[propertyIndex].value else { continue }
            let values = JSONValue.array(entry.values.map(JSONValue.string))
            if parts.count == 2 {
                guard let itemsIndex = property.lastIndex(where: { $0.key == "items" }),
                      case var .object(items) = property[itemsIndex].value,
                      !items.contains(where: { $0.key == "enum" }) else { continue }
                items.append(JSONValue.Member(key: "enum", value: values))
                property[itemsIndex].value = .object(items)
            } else {
                guard !property.contains(where: { $0.key == "enum" }) else { continue }
                property.append(JSONValue.Member(key: "enum", value: values))
            }
            properties[propertyIndex].value = .object(property)
        }
        members[propertiesIndex].value = .object(properties)
        return .object(members)
    }
}
