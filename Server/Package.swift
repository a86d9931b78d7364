// swift-tools-version: 6.0
import PackageDescription

// lagkoll-server: the same engine behind a web page and an HTTP API. Its own package, beside the
// root one it depends on by path, so that building `lagkoll` (pre-commit does, in each user's clone)
// fetches and compiles nothing of the server framework. Build and run it from the repository root:
//
//   swift run --package-path Server lagkoll-server serve
//   swift test --package-path Server
let package = Package(
  name: "lagkoll-server",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "lagkoll-server", targets: ["lagkoll-server"])
  ],
  dependencies: [
    // The engine, the reporters and the rule set built in from the root's rules/. Named, because a
    // path dependency's identity is otherwise its folder's name, which is the clone's.
    .package(name: "lagkoll", path: ".."),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // A small HTTP server on SwiftNIO, and the logging API it logs through.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    // The store only (see the Store target): SQLite with its amalgamation vendored, so it builds on
    // any Linux with no system library; bcrypt from a kept library; SHA-256 and random tokens.
    .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    // A thread pool of its own for bcrypt (NIOPosix), beside the one SQLite's queries run on.
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    // SIGTERM: stop accepting, let requests in flight finish, exit within a bound.
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    // /metrics: the metrics API, and Prometheus' text format for it.
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
  ],
  targets: [
    // The server's durable state: submissions, accounts, sessions and the audit log in one SQLite file,
    // with versioned migrations. No HTTP here, and nothing reads the clock: times are passed in.
    .target(
      name: "Store",
      dependencies: [
        .product(name: "RuleEngine", package: "lagkoll"),
        .product(name: "SQLiteNIO", package: "sqlite-nio"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    // The web service: routes, the self-check page, the check API and its OpenAPI description.
    .target(
      name: "LagkollServer",
      dependencies: [
        .product(name: "PlanDocument", package: "lagkoll"),
        .product(name: "RuleEngine", package: "lagkoll"),
        .product(name: "Reporting", package: "lagkoll"),
        "Store",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "CoreMetrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
    // The server's command line only: `lagkoll-server serve`.
    .executableTarget(
      name: "lagkoll-server",
      dependencies: [
        "LagkollServer", "Store",
        .product(name: "RuleEngine", package: "lagkoll"),
        .product(name: "BundledRules", package: "lagkoll"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
    // The server's routes through Hummingbird's test client, in process, and the built lagkoll-server.
    .testTarget(
      name: "LagkollServerTests",
      dependencies: [
        "LagkollServer", "Store", "lagkoll-server",
        .product(name: "RuleEngine", package: "lagkoll"),
        .product(name: "PlanDocument", package: "lagkoll"),
        .product(name: "BundledRules", package: "lagkoll"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]
    ),
    // The store against a real SQLite file in a temporary folder.
    .testTarget(
      name: "StoreTests",
      dependencies: [
        "Store",
        .product(name: "RuleEngine", package: "lagkoll"),
        .product(name: "BundledRules", package: "lagkoll"),
      ]
    ),
  ]
)
