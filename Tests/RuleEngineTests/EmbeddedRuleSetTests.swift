import BundledRules
import Foundation
import RuleEngine
import Testing

/// The rule set built into the executable is the `rules/` folder, file for file, and loads to the same
/// rules: a build that embedded a stale or partial copy fails here.
@Suite struct EmbeddedRuleSetTests {
  static let rulesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("rules")

  @Test func theEmbeddedFilesAreTheRulesFolder() throws {
    var onDisk: [String: String] = [:]
    let walker = try #require(FileManager.default.enumerator(atPath: Self.rulesFolder.path))
    for case let name as String in walker {
      var isDirectory: ObjCBool = false
      let path = Self.rulesFolder.appendingPathComponent(name).path
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
        !(name as NSString).lastPathComponent.hasPrefix(".")
      else { continue }
      onDisk[name] = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
    }
    let embedded = Dictionary(BundledRuleSet.files.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
    #expect(Set(embedded.keys) == Set(onDisk.keys))
    for (name, text) in onDisk {
      #expect(embedded[name] == text, "the embedded copy of rules/\(name) differs from the file")
    }
  }

  @Test func theEmbeddedRuleSetLoadsLikeTheFolder() throws {
    let embedded = try BundledRuleSet.load()
    let folder = try RuleSetLoader.load(from: Self.rulesFolder.path)
    #expect(embedded.version == folder.version)
    #expect(embedded.rules.map(\.id) == folder.rules.map(\.id))
    #expect(embedded.obligations.map(\.id) == folder.obligations.map(\.id))
    #expect(embedded.municipalities.count == 290)
    #expect(embedded.lint().isEmpty)
    // Messages name the file as it lies in the repository.
    #expect(embedded.rules.allSatisfy { $0.file.hasPrefix("rules/regler/") }, "\(embedded.rules.map(\.file))")
  }
}
