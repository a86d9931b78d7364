import Foundation
import Testing

/// A copied binary carries its rule set: it checks a plan from an empty folder with no `rules/` nearby
/// and no `LAGKOLL_RULES`; `--rules` and `LAGKOLL_RULES` replace the built-in set; a `rules/` folder in
/// the working folder is never picked up by itself. (The release build is tried by
/// Tests/Integration/install.sh, which .ci/run runs.)
@Suite("A copied binary")
struct InstalledBinaryTests {
  /// A scratch folder with a copy of the binary in bin/ and an empty work/ folder.
  func install() throws -> (root: URL, binary: URL, work: URL) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-install-\(UUID().uuidString)")
    let bin = root.appendingPathComponent("bin")
    let work = root.appendingPathComponent("work")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let binary = bin.appendingPathComponent("lagkoll")
    try FileManager.default.copyItem(at: try #require(LagkollBinary.url), to: binary)
    return (root, binary, work)
  }

  func copySample(_ name: String, to folder: URL, as target: String) throws {
    try FileManager.default.copyItem(
      at: LagkollBinary.packageRoot.appendingPathComponent("samples").appendingPathComponent(name),
      to: folder.appendingPathComponent(target))
  }

  @Test func aCopiedBinaryChecksAPlanFromAnEmptyFolder() throws {
    let (root, binary, work) = try install()
    defer { try? FileManager.default.removeItem(at: root) }
    try copySample("saknade-delar.xml", to: work, as: "plan.xml")
    let result = try LagkollBinary.run(
      ["check", "plan.xml", "--as-of", "2026-11-24"], in: work, removing: ["LAGKOLL_RULES"], executable: binary)
    #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
    #expect(result.stdout.contains("Inte klar"), "\(result.stdout)")
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    let explain = try LagkollBinary.run(
      ["explain", "LB-001"], in: work, removing: ["LAGKOLL_RULES"], executable: binary)
    #expect(explain.status == 0, "\(explain.stderr)")
  }

  @Test func aRulesFolderInTheWorkingFolderIsNotPickedUp() throws {
    let (root, binary, work) = try install()
    defer { try? FileManager.default.removeItem(at: root) }
    try copySample("komplett.xml", to: work, as: "plan.xml")
    // A folder named rules/ that is not a rule set (a kommun's own "regler" documents, say), both in the
    // working folder and beside the binary.
    for folder in [work, binary.deletingLastPathComponent().deletingLastPathComponent()] {
      let rules = folder.appendingPathComponent("rules")
      try FileManager.default.createDirectory(
        at: rules.appendingPathComponent("regler"), withIntermediateDirectories: true)
      try Data("version: [trasig\n".utf8).write(to: rules.appendingPathComponent("regeluppsattning.yaml"))
    }
    let result = try LagkollBinary.run(
      ["check", "plan.xml", "--as-of", "2026-11-24"], in: work, removing: ["LAGKOLL_RULES"], executable: binary)
    #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
  }

  @Test func rulesAndTheEnvironmentReplaceTheBuiltInSet() throws {
    let (root, binary, work) = try install()
    defer { try? FileManager.default.removeItem(at: root) }
    try copySample("komplett.xml", to: work, as: "plan.xml")
    let broken = root.appendingPathComponent("trasiga-regler")
    try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
    try Data("version: [trasig\n".utf8).write(to: broken.appendingPathComponent("regeluppsattning.yaml"))

    let byOption = try LagkollBinary.run(
      ["check", "plan.xml", "--rules", broken.path], in: work, removing: ["LAGKOLL_RULES"], executable: binary)
    #expect(byOption.status == 2)
    #expect(byOption.stderr.contains("regeluppsattning.yaml"), "\(byOption.stderr)")
    let byEnvironment = try LagkollBinary.run(
      ["check", "plan.xml"], in: work, environment: ["LAGKOLL_RULES": broken.path], executable: binary)
    #expect(byEnvironment.status == 2)
    #expect(byEnvironment.stderr.contains("regeluppsattning.yaml"), "\(byEnvironment.stderr)")
    let real = LagkollBinary.packageRoot.appendingPathComponent("rules").path
    let good = try LagkollBinary.run(
      ["check", "plan.xml", "--as-of", "2026-11-24", "--rules", real], in: work,
      environment: ["LAGKOLL_RULES": broken.path],
      executable: binary)
    #expect(good.status == 0, "--rules wins over LAGKOLL_RULES: \(good.stderr)")
  }
}
