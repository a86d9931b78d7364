import Foundation
import Testing

/// Generated files in docs/ must match what the rule set gives now; regenerate them with the command in
/// the failure message when a rule changes.
@Suite("Generated documentation is up to date")
struct GeneratedDocsTests {
  @Test(arguments: [("docs/regelkatalog.md", "sv"), ("docs/rule-catalogue.md", "en")])
  func ruleCatalogueIsNotStale(file: String, language: String) throws {
    let result = try LagkollBinary.run(["rules", "--format", "markdown", "--lang", language])
    #expect(result.status == 0, "\(result.stderr)")
    let committed = try String(contentsOf: LagkollBinary.packageRoot.appendingPathComponent(file), encoding: .utf8)
    #expect(
      result.stdout == committed,
      "\(file) is stale: run `swift run lagkoll rules --format markdown --lang \(language) --output \(file)`")
    #expect(committed.contains("LB-001"))
  }

  /// The rule-language reference is generated from the registry of check kinds: a kind, option or
  /// placeholder added or changed without regenerating it fails here.
  @Test(arguments: [("docs/regler-referens.md", "sv"), ("docs/rule-language.md", "en")])
  func ruleLanguageReferenceIsNotStale(file: String, language: String) throws {
    let result = try LagkollBinary.run(["rules", "reference", "--lang", language])
    #expect(result.status == 0, "\(result.stderr)")
    let committed = try String(contentsOf: LagkollBinary.packageRoot.appendingPathComponent(file), encoding: .utf8)
    #expect(
      result.stdout == committed,
      "\(file) is stale: run `swift run lagkoll rules reference --lang \(language) --output \(file)`")
    #expect(committed.contains("### date"))
  }
}
