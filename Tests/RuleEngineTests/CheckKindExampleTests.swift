import BundledRules
import PlanDocument
import Testing

@testable import RuleEngine

/// Every check kind's own examples, run with the kind alone (no rule, no condition): a valid example
/// gives no finding, an invalid one gives findings exactly at its paths, and no finding fills a
/// placeholder the kind does not declare. As SwiftLint runs each rule's description.
@Suite("Check kinds by their own examples")
struct CheckKindExampleTests {
  static let ruleSet = try? BundledRuleSet.load()

  @Test(arguments: CheckKinds.all.map(\.name))
  func examples(_ name: String) throws {
    let kind = try #require(CheckKinds.byName[name])
    let ruleSet = try #require(Self.ruleSet)
    #expect(kind.examples.contains { $0.isValid }, "\(name) has no valid example")
    #expect(kind.examples.contains(where: { !$0.isValid }), "\(name) has no invalid example")
    for (number, example) in kind.examples.enumerated() {
      let found = try CheckKinds.run(example, of: kind, ruleSet: ruleSet)
      let paths = found.map { $0.at.pointer.description }.sorted()
      #expect(
        paths == example.findings.sorted(),
        "\(name) example \(number + 1) (\(example.isValid ? "valid" : "invalid")): findings at \(paths)")
      for finding in found {
        let undeclared = Set(finding.values.keys).subtracting(kind.placeholderSet)
        #expect(undeclared.isEmpty, "\(name) fills placeholders it does not declare: \(undeclared)")
      }
    }
  }

  /// A rule file names placeholders as text: one its kind does not fill is an error when the file loads,
  /// at the message, not a `{feild}` left in every finding.
  @Test func aMessageWithAPlaceholderItsKindLacksDoesNotLoad() throws {
    let text = RuleSetTestSupport.rule(check: "present", options: "{fields: lagesbilder}")
      .replacingOccurrences(of: "Lägesbild saknas.", with: "Lägesbild saknas: {feild}.")
    let error = try RuleSetTestSupport.loadError(text)
    #expect(error.message.en.contains("unknown placeholder {feild} in message.sv"), "\(error.message.en)")
    #expect(error.message.en.contains("known for present: asOf, field, id, label, path"), "\(error.message.en)")
  }
}
