// swift-tools-version: 6.0
import PackageDescription

// The generic types lagkoll's code names (`[IDKind: Int32]`, `KeyedEncodingContainer<CodingKeys>`, …)
// are fetched through their metadata accessor functions, not by demangling their names at run time.
// A demangled name with a generic requirement (`Key: Hashable`, `Key: CodingKey`) asks the runtime
// whether the argument conforms, and each first question walks every conformance record in the binary
// (6 461 of them, about 290 k instructions). A typical .docx check asked 26 such questions after
// ArgumentParser was bypassed: 7.5 M of its 58.7 M instructions; with accessors 0.9 M (51.2 M in all,
// docs/engine.md, "Start-up, third round"). The cost is size: 0.1 MB of a 91 MB binary.
// (Unsafe flags are allowed because this is the root package, or a local one for the server; a package
// that depended on these libraries by URL would be refused them. The libraries are the server's.)
let metadataByAccessor: [SwiftSetting] = [
  .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])
]

let package = Package(
  name: "lagkoll",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "lagkoll", targets: ["lagkoll"]),
    // The engine for lagkoll-server, which is its own package in Server/ (it depends on this one by
    // path). Keeping the server apart means that building lagkoll, as pre-commit does in a user's
    // clone, fetches and compiles nothing of the server framework.
    .library(name: "PlanDocument", targets: ["PlanDocument"]),
    .library(name: "RuleEngine", targets: ["RuleEngine"]),
    .library(name: "Reporting", targets: ["Reporting"]),
    .library(name: "BundledRules", targets: ["BundledRules"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // The system libxml2, found through pkg-config (Debian: libxml2-dev).
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    // The system zlib, for the ZIP container of a .docx. Chosen over ZIPFoundation: pre-commit builds
    // this package in every user's clone, and zlib is already on every machine that has libxml2 (whose
    // -dev package depends on zlib1g-dev), so nothing is fetched; and lagkoll's own ZIP reader checks
    // every bound (entries, declared and inflated sizes, ratio, names, overlaps) before it trusts an
    // archive, where a general archive library's extraction API would have to be wrapped to do so.
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
    ),
    // libyaml's parser, vendored (Sources/CLibYAML/README.md says which version and from where). It came
    // with Yams, whose Swift part lagkoll never used: our own composer drives libyaml's events
    // (RuleEngine/YAML). Yams imports full Foundation, and a module that imports it links all of
    // swift-corelibs-foundation, CoreFoundation and ICU into the static release binary, where lagkoll
    // itself needs only FoundationEssentials: 91 MB against 39 MB, and 1.3 M more instructions at every
    // start (docs/engine.md, "Start-up, fourth round").
    .target(
      name: "CLibYAML",
      exclude: ["README.md", "License"],
      cSettings: [.define("YAML_DECLARE_STATIC")]
    ),
    // The common document tree with source locations, the plan format definition and the readers
    // (XML, JSON, and Word's .docx).
    .target(name: "PlanDocument", dependencies: ["CLibXML2", "CZlib"], swiftSettings: metadataByAccessor),
    // The regular expressions of rule files, matched in time linear in the text (usable on its own).
    .target(name: "TextMatching", dependencies: ["PlanDocument"], swiftSettings: metadataByAccessor),
    // In folders: the rule language (RuleLanguage/), the .lagkoll.yaml configuration, evaluation with its
    // check kinds (Evaluation/), the report model (Report/), the as-of calendar and the review matrix.
    .target(
      name: "RuleEngine",
      dependencies: ["PlanDocument", "TextMatching", "CLibYAML"],
      cSettings: [.define("YAML_DECLARE_STATIC")],
      swiftSettings: metadataByAccessor
    ),
    // The command line's input collection: named files as they are, folders searched for plans.
    .target(name: "InputCollection", dependencies: ["PlanDocument", "RuleEngine"], swiftSettings: metadataByAccessor),
    // The package's rules/ folder built into the executable (see Plugins/EmbedRules): a copied binary
    // carries its rule set, and editing rules/ rebuilds it with no extra step.
    .target(
      name: "BundledRules", dependencies: ["RuleEngine", "PlanDocument"], swiftSettings: metadataByAccessor,
      plugins: ["EmbedRules"]),
    // Loads rules/ at build time and writes it into BundledRules, as text and pre-parsed.
    .executableTarget(name: "embed-rules", dependencies: ["RuleEngine"]),
    .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["embed-rules"]),
    // One reporter per output format.
    .target(name: "Reporting", dependencies: ["RuleEngine", "PlanDocument"], swiftSettings: metadataByAccessor),
    // The command line only. A release build (the pre-commit hook's, the README's install) links the
    // Swift standard library, FoundationEssentials and Dispatch into it, as `--static-swift-stdlib` does:
    // the binary runs where Swift is not installed, and a start resolves no symbols of Swift shared
    // libraries (docs/engine.md, "Start-up"). No module in it imports full Foundation (which would bring
    // CoreFoundation and ICU's data: 91 MB against 39 MB, 81 500 relative relocations against 43 700).
    // Release only: SwiftPM gives a target's linker settings to the test bundle that depends on it too,
    // and XCTest and swift-testing exist only as shared libraries. Linux only: Swift refuses
    // -static-stdlib for Apple platforms, whose systems carry the runtime. The module is compiled with
    // the flag as well, so that the static modules' link entries name what they need beside themselves
    // (_FoundationCShims, _FoundationCollections, swiftSynchronization).
    .executableTarget(
      name: "lagkoll",
      dependencies: [
        "PlanDocument", "RuleEngine", "Reporting", "BundledRules", "InputCollection",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: metadataByAccessor + [
        .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))
      ],
      linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
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
    // Word documents built part by part for the tests (zipped by the package's own ZipWriter).
    .target(name: "DocxTestSupport", dependencies: ["PlanDocument"], path: "Tests/Support/DocxTestSupport"),
    .testTarget(name: "PlanDocumentTests", dependencies: ["PlanDocument", "DocxTestSupport", "XMLTestSupport"]),
    .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine", "PlanDocument", "BundledRules"]),
    // Every report format against golden files under Golden/ (LAGKOLL_UPDATE_GOLDEN=1 rewrites them).
    .testTarget(
      name: "ReportingTests",
      dependencies: [
        "Reporting", "RuleEngine", "PlanDocument", "InputCollection", "XMLTestSupport", "ProcessTestSupport",
      ],
      exclude: ["Golden"]),
    // Runs the built binary: exit codes, read errors, output files.
    .testTarget(
      name: "CLITests",
      dependencies: ["lagkoll", "PlanDocument", "ProcessTestSupport", "DocxTestSupport", "XMLTestSupport"]),
    // The county review: matrix, its formats, the command, and the plan generator.
    .testTarget(
      name: "ReviewTests",
      dependencies: [
        "RuleEngine", "Reporting", "PlanDocument", "InputCollection", "plangen", "lagkoll", "XMLTestSupport",
        "ProcessTestSupport",
      ]),
  ]
)
