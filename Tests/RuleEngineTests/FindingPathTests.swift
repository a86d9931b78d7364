import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

/// Every finding's path resolves in the document as written, also when a key one slip from a field is
/// read as meant (found by FuzzCheck after issue 9's respelling: `kartlagsgning`'s findings were placed
/// under `/lagesbilder/0/kartlaggning/…`, a path the file does not have).
@Suite("Finding paths resolve in the document")
struct FindingPathTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let ruleSet: RuleSet = try! RuleSetLoader.load(from: root.appendingPathComponent("rules").path)

  @Test(arguments: ["\"kartlaggning\"", "\"lagesbilder\"", "\"problem\""])
  func aRespelledKeyKeepsItsWrittenNameInFindingPaths(key: String) throws {
    let sample = try String(contentsOf: Self.root.appendingPathComponent("samples/saknade-delar.json"), encoding: .utf8)
    // One slip: a letter doubled.
    let misspelt = key.dropLast().dropFirst()
    let written = "\"\(misspelt.prefix(3))\(misspelt.dropFirst(2))\""
    guard sample.contains(key) else { return }
    let text = sample.replacingOccurrences(of: key + ":", with: written + ":")
    let document = try DocumentReader.parse(Array(text.utf8), file: "p.json", format: .json)
    let findings = Evaluator(ruleSet: Self.ruleSet).evaluate(
      document, options: EvaluationOptions(asOf: CivilDate("2026-11-24")!))
    #expect(!findings.isEmpty)
    for finding in findings where finding.ruleId != "DOK-003" {
      #expect(
        document.root.node(at: finding.location.path) != nil,
        "\(finding.ruleId) at \(finding.location.path) is not in the document (\(written))")
    }
  }

  /// The paths inside messages too: a repeated id's first holder and a wrongly typed item of a list are
  /// named as the file writes them (the review found `/…/problem/0` in a message about `prooblem`).
  @Test func pathsInMessagesUseTheWrittenKeys() throws {
    let text = """
      {"formatversion": "1", "lagesbilder": [{"id": "L1", "kartlaggning": {"prooblem": [{"id": "P1"}, {"id": "P1"}, 5]}}]}
      """
    let document = try DocumentReader.parse(Array(text.utf8), file: "p.json", format: .json)
    let findings = Evaluator(ruleSet: Self.ruleSet).evaluate(
      document, options: EvaluationOptions(asOf: CivilDate("2026-11-24")!))
    let messages = findings.flatMap { [$0.message.text(.sv), $0.message.text(.en)] }
    #expect(
      messages.contains { $0.contains("/lagesbilder/0/kartlaggning/prooblem/0") }, "the repeated id's first holder")
    #expect(messages.contains { $0.contains("/lagesbilder/0/kartlaggning/prooblem[2]") }, "the wrongly typed item")
    for message in messages {
      #expect(!message.contains("/problem"), "\(message)")
    }
  }
}
