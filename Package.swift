// swift-tools-version:6.1
import PackageDescription

// One package, one binary `opsctl`. Arrows point down only:
// opsctl -> feature modules -> OpsCore / Postgres -> C libraries.
// Feature modules do not import each other, except Rules -> PromQL.
let package = Package(
    name: "opsctl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "opsctl", targets: ["opsctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Command layer: argument parsing only, one file per subcommand.
        .executableTarget(
            name: "opsctl",
            dependencies: [
                "OpsCore", "Postgres", "Exporter", "Manifests", "PromQL", "Rules", "Quota",
                "Prober", "HTTPClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Shared foundation: config, durations, logging, HTTP server wrapper, exposition encoder.
        .target(
            name: "OpsCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // System libraries.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // libyaml (MIT), vendored with opsctl_-prefixed symbols beside Yams' own copy: see Sources/CLibYAML/README.md.
        .target(name: "CLibYAML", exclude: ["README.md", "LICENSE"]),

        // libpq wrapper.
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")]
        ),

        // libcurl wrapper: HTTP requests and TCP exchanges on one multi-handle thread.
        .target(name: "HTTPClient", dependencies: ["CCurl"]),

        // Feature modules.
        .target(
            name: "Exporter",
            dependencies: [
                "OpsCore", "Postgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Prober",
            dependencies: [
                "OpsCore", "Postgres", "HTTPClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Manifests",
            dependencies: ["CLibYAML", "XMLText"],
            resources: [.copy("Schemas")]
        ),
        .target(name: "PromQL"),
        .target(
            name: "Quota",
            dependencies: [
                "OpsCore", "Postgres", "HTTPClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Rules",
            dependencies: ["PromQL", "XMLText", .product(name: "Yams", package: "Yams")]
        ),
        // XML escaping shared by the JUnit reporters of Manifests and Rules (no dependencies).
        .target(name: "XMLText"),

        // Tests, one target per module, and the real PostgreSQL they share.
        .target(name: "TestSupport", dependencies: ["Postgres", .product(name: "Logging", package: "swift-log"),
                                                  .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                path: "Tests/TestSupport"),
        .testTarget(name: "OpsCoreTests", dependencies: ["OpsCore", "TestSupport"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient"], exclude: ["Fixtures"]),
        .testTarget(name: "ExporterTests", dependencies: ["Exporter", "OpsCore", "Postgres", "TestSupport"]),
        .testTarget(name: "ManifestsTests", dependencies: ["Manifests", "Rules"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PromQLTests", dependencies: ["PromQL"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "PromQL"], resources: [.copy("Fixtures")]),
        .testTarget(name: "XMLTextTests", dependencies: ["XMLText"]),
        .testTarget(name: "QuotaTests", dependencies: ["Quota", "OpsCore", "Postgres", "TestSupport"], exclude: ["Fixtures"]),
        // The whole toolkit as processes, with a real PostgreSQL and a real Prometheus.
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
        .testTarget(name: "ProberTests", dependencies: ["Prober", "OpsCore", "Postgres", "HTTPClient", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
