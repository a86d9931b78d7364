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

  /// The pre-parsed rule set a start reads (`CompactRuleSet`) is, value for value, the set the YAML files
  /// load to. The witness is independent of the compact form: both sets encoded by their synthesized
  /// Codable conformances (every stored field, keys sorted) give the same bytes, so a field the compact
  /// form forgot to write or read fails here.
  @Test func thePreparsedRuleSetEqualsTheYAMLRuleSet() throws {
    let preparsed = try BundledRuleSet.load()
    let parsed = try BundledRuleSet.loadFromFiles()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let a = try encoder.encode(preparsed)
    let b = try encoder.encode(parsed)
    #expect(a == b)
    #expect(a.count > 100_000, "the encoding holds the whole rule set (\(a.count) bytes)")
    #expect(preparsed.rules.count == parsed.rules.count && preparsed.rules.count > 50)
    #expect(preparsed.municipalities == parsed.municipalities)
    #expect(preparsed.references == parsed.references)
    #expect(preparsed.obligations == parsed.obligations)
    // The encoding is not a summary: a changed message changes it.
    var changed = parsed
    changed.rules[0].message.en += "."
    #expect(try encoder.encode(changed) != b)
  }

  /// A damaged compact form is an error with the offset where reading stopped, never a crash.
  @Test func aDamagedCompactFormIsRefused() throws {
    let text = CompactRuleSet.encode(try BundledRuleSet.loadFromFiles())
    #expect(throws: CompactRuleSet.Malformed.self) { try CompactRuleSet.decode(String(text.dropLast(10))) }
    #expect(throws: CompactRuleSet.Malformed.self) { try CompactRuleSet.decode("9999999;x") }
    #expect(throws: CompactRuleSet.Malformed.self) { try CompactRuleSet.decode(text + "T") }
    #expect(throws: CompactRuleSet.Malformed.self) { try CompactRuleSet.decode("") }
  }
}
