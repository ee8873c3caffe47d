import OpsCore

/// Reading a mapping of the `prober:` section or of a blackbox.yml module: keys opsctl
/// knows are read; blackbox_exporter keys opsctl does not implement are an error at the key
/// that says so (never silently ignored); anything else is an unknown key.
enum ConfigKeys {
    static func mapping(_ node: ConfigNode, supported: [String], unsupported: [String] = [],
                        what: String) throws -> ConfigMapping {
        if case .mapping(let pairs) = node.kind {
            for (keyNode, _) in pairs {
                if let key = try? keyNode.string(), unsupported.contains(key) {
                    throw keyNode.error("'\(key)' is a blackbox_exporter \(what) field opsctl does not support; remove it (supported: \(supported.joined(separator: ", ")))")
                }
            }
        }
        return try node.mapping(allowedKeys: supported)
    }
}
