// swift-tools-version: 6.0
import PackageDescription

// libFuzzer harnesses for lagkoll's readers and check pipeline. A package of its own so that the normal
// build and `swift test` of lagkoll never see -sanitize=fuzzer. The main package publishes no library
// product, so the library targets are reached through symlinks to ../Sources (the same files, not
// copies). Build and run with ./run.sh; see docs/hardening.md.
let package = Package(
  name: "lagkoll-fuzz",
  targets: [
    .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0"),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib"),
    .target(name: "PlanDocument", dependencies: ["CLibXML2", "CZlib"], exclude: []),
    .target(name: "TextMatching", dependencies: ["PlanDocument"]),
    .target(name: "CLibYAML", exclude: ["README.md", "License"], cSettings: [.define("YAML_DECLARE_STATIC")]),
    .target(
      name: "RuleEngine", dependencies: ["PlanDocument", "TextMatching", "CLibYAML"],
      cSettings: [.define("YAML_DECLARE_STATIC")]),
    .target(name: "FuzzSupport", dependencies: ["PlanDocument"]),
    .executableTarget(name: "FuzzJSON", dependencies: ["PlanDocument", "FuzzSupport"]),
    .executableTarget(name: "FuzzXML", dependencies: ["PlanDocument", "FuzzSupport"]),
    .executableTarget(name: "FuzzCheck", dependencies: ["PlanDocument", "RuleEngine", "FuzzSupport"]),
    // The configuration loader (.lagkoll.yaml) and the rule loader (one regler/*.yaml), issue 14.
    .executableTarget(name: "FuzzConfig", dependencies: ["PlanDocument", "RuleEngine", "FuzzSupport"]),
    .executableTarget(name: "FuzzRules", dependencies: ["PlanDocument", "RuleEngine", "FuzzSupport"]),
  ]
)
