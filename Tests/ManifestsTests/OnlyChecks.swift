import Manifests

extension ValidationOptions {
    /// Options that run only the checks `ids` (every other check of the registry is disabled
    /// through the config, as a user would in `.opsctl.yaml`), so a test about one feature
    /// counts the same findings however many checks the registry holds.
    static func only(_ ids: Set<String>) -> ValidationOptions {
        var options = ValidationOptions()
        options.config.disable = Set(CheckRegistry.all.map(\.id)).subtracting(ids)
        options.config.enable = ids
        return options
    }
}
