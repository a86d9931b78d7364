// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "lagkoll",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "lagkoll", targets: ["lagkoll"]),
    // The same engine behind a web page and an HTTP API; a separate product so that `lagkoll` links
    // nothing of the server framework and keeps its start-up time.
    .executable(name: "lagkoll-server", targets: ["lagkoll-server"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    // The server only: a small HTTP server on SwiftNIO, and the logging API it logs through.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    // The server's store only (see the Store target): SQLite with its amalgamation vendored, so it
    // builds on any Linux with no system library; bcrypt from a kept library; SHA-256 and random tokens.
    .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // The system libxml2, found through pkg-config (Debian: libxml2-dev).
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    // The common document tree with source locations, the plan format definition and both readers.
    .target(name: "PlanDocument", dependencies: ["CLibXML2"]),
    // Rule files, check kinds, the as-of calendar and evaluation.
    .target(
      name: "RuleEngine",
      dependencies: ["PlanDocument", .product(name: "Yams", package: "Yams")]
    ),
    // The package's rules/ folder built into the executable (see Plugins/EmbedRules): a copied binary
    // carries its rule set, and editing rules/ rebuilds it with no extra step.
    .target(name: "BundledRules", dependencies: ["RuleEngine", "PlanDocument"], plugins: ["EmbedRules"]),
    // Loads rules/ at build time and writes it into BundledRules, as text and pre-parsed.
    .executableTarget(name: "embed-rules", dependencies: ["RuleEngine"]),
    .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["embed-rules"]),
    // One reporter per output format.
    .target(name: "Reporting", dependencies: ["RuleEngine", "PlanDocument"]),
    // The command line only.
    .executableTarget(
      name: "lagkoll",
      dependencies: [
        "PlanDocument", "RuleEngine", "Reporting", "BundledRules",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The server's durable state: submissions, accounts, sessions and the audit log in one SQLite file,
    // with versioned migrations. No HTTP here, and nothing reads the clock: times are passed in.
    .target(
      name: "Store",
      dependencies: [
        "RuleEngine",
        .product(name: "SQLiteNIO", package: "sqlite-nio"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // The web service: routes, the self-check page, the check API and its OpenAPI description.
    .target(
      name: "LagkollServer",
      dependencies: [
        "PlanDocument", "RuleEngine", "Reporting", "Store",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // The server's command line only: `lagkoll-server serve`.
    .executableTarget(
      name: "lagkoll-server",
      dependencies: [
        "LagkollServer", "RuleEngine", "BundledRules", "Store",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // Synthetic plan documents for tests and benchmarks, deterministic from a seed (not shipped).
    .executableTarget(
      name: "plangen",
      dependencies: ["RuleEngine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    // libxml2 well-formedness checks for tests of the XML lagkoll writes; never FoundationXML, which
    // replaces libxml2's process-wide entity loader.
    .target(name: "XMLTestSupport", dependencies: ["CLibXML2"], path: "Tests/Support/XMLTestSupport"),
    // The one process runner of the tests: both pipes read at once, so no child blocks on a full pipe.
    .target(name: "ProcessTestSupport", path: "Tests/Support/ProcessTestSupport"),
    .testTarget(name: "PlanDocumentTests", dependencies: ["PlanDocument"]),
    .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine", "PlanDocument", "BundledRules"]),
    // Every report format against golden files under Golden/ (LAGKOLL_UPDATE_GOLDEN=1 rewrites them).
    .testTarget(
      name: "ReportingTests",
      dependencies: ["Reporting", "RuleEngine", "PlanDocument", "XMLTestSupport", "ProcessTestSupport"],
      exclude: ["Golden"]),
    // Runs the built binary: exit codes, read errors, output files.
    .testTarget(name: "CLITests", dependencies: ["lagkoll", "ProcessTestSupport"]),
    // The county review: matrix, its formats, the command, and the plan generator.
    // The server's routes through Hummingbird's test client, in process, and the built lagkoll-server.
    .testTarget(
      name: "LagkollServerTests",
      dependencies: [
        "LagkollServer", "RuleEngine", "PlanDocument", "Store", "BundledRules", "lagkoll-server",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]
    ),
    // The store against a real SQLite file in a temporary folder.
    .testTarget(name: "StoreTests", dependencies: ["Store", "RuleEngine", "BundledRules"]),
    .testTarget(name: "ReviewTests", dependencies: ["RuleEngine", "Reporting", "PlanDocument", "plangen", "lagkoll", "XMLTestSupport", "ProcessTestSupport"]),
  ]
)
