/// Every check opsctl runs, in the order they are listed in docs. Add a new check here (one line).
public enum CheckRegistry {
    public static let all: [any Check] = [
        ContainerResourcesCheck(),
        ImageTagCheck(),
        ServiceSelectorCheck(),
        ProbesCheck(),
        ImagePullPolicyCheck(),
        RunAsNonRootCheck(),
        ReadOnlyRootFilesystemCheck(),
        AllowPrivilegeEscalationCheck(),
        PrivilegedCheck(),
        DropCapabilitiesCheck(),
        DangerousCapabilitiesCheck(),
        SeccompProfileCheck(),
        HostNamespacesCheck(),
        HostPathCheck(),
        EnvSecretLiteralCheck(),
        DuplicateEnvCheck(),
        AutomountServiceAccountTokenCheck(),
        DeploymentReplicasCheck(),
        RollingUpdateCheck(),
        PdbForReplicasCheck(),
        HpaTargetCheck(),
        IngressBackendCheck(),
        SelectorLabelsCheck(),
        NetworkPolicyCheck(),
        CronjobPolicyCheck(),
        AppNameLabelCheck(),
        RecommendedLabelsCheck(),
        PrometheusRuleCheck(),
        ServiceMonitorTargetCheck(),
        PodMonitorTargetCheck(),
        ProbeTargetCheck(),
        ScrapeTimeoutCheck(),
        ScrapeTLSCheck(),
        BearerTokenFileCheck(),
        PrometheusSelectionCheck(),
        HostPathVolumeCheck(),
        SecretValueCheck(),
        RBACWildcardCheck(),
        RBACSecretsReadCheck(),
        RBACEscalationCheck(),
        ClusterAdminBindingCheck(),
        BindingSubjectCheck(),
        MissingReferenceCheck(),
        ServiceTargetPortCheck(),
        PodAntiAffinityCheck(),
        PdbBlocksDrainCheck(),
        HostPortCheck(),
        UnsafeSysctlsCheck(),
        ProcMountCheck(),
        DefaultNamespaceCheck(),
        ServiceTypeCheck(),
        IngressTLSCheck(),
        MemoryRequestCheck(),
    ]

    /// The check with `id`, or nil.
    public static func check(id: String) -> (any Check)? {
        all.first { $0.id == id }
    }

    /// Ids of findings the engine itself produces (YAML, schema, API versions, input limits).
    /// They can be re-graded and (unless `--strict` and error-level) ignored like check ids.
    public static let builtInIDs: [String] = BuiltInFinding.allCases.map(\.rawValue)
}
