import BundledRules
import Testing

/// The one rule that `lagkoll` and `lagkoll-server` share for which rule set they use.
@Suite struct RuleSetChoiceTests {
  @Test func optionThenEnvironmentThenBuiltIn() {
    #expect(RuleSetChoice.resolve(rules: "a", environment: ["LAGKOLL_RULES": "b"]) == .folder("a"))
    #expect(RuleSetChoice.resolve(rules: nil, environment: ["LAGKOLL_RULES": "b"]) == .folder("b"))
    #expect(RuleSetChoice.resolve(rules: nil, environment: ["LAGKOLL_RULES": ""]) == .bundled)
    #expect(RuleSetChoice.resolve(rules: nil, environment: [:]) == .bundled)
  }

  @Test func aMissingFolderIsAnErrorNotTheBuiltInSet() throws {
    #expect(throws: (any Error).self) { try RuleSetChoice.folder("/nonexistent-lagkoll-rules").load() }
    #expect(try RuleSetChoice.bundled.load().version.isEmpty == false)
  }
}
