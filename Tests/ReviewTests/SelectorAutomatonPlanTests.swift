import Foundation
import PlanDocument
import Testing

@testable import RuleEngine
@testable import plangen

/// The fused walk on generated plans (large ones, with long action lists): every bundled rule's selector
/// selects the nodes, and in the order, of its own walk.
@Suite("Selector automaton on generated plans")
struct SelectorAutomatonPlanTests {
  @Test func generatedPlansInBothForms() throws {
    let ruleSet = try RuleSetLoader.load(from: Fixture.rules.path)
    let patterns = Array(Set(ruleSet.rules.map(\.selector.text))).sorted().map { try! PathPattern.parse($0).get() }
    let documents = PlanGeneratorTests.generate(count: 12, seed: 7, actions: 300)
    for generated in documents {
      for (text, format) in [
        (JSONWriter.document(generated.tree), SourceFormat.json),
        (XMLWriter.document(generated.tree, comment: ""), .xml),
      ] {
        let root = try DocumentReader.parse(Array(text.utf8), file: generated.name, format: format).root
        let automaton = try #require(SelectorAutomaton(patterns))
        for (pattern, list) in zip(patterns, automaton.select(in: root.storage)) {
          var walked: [Int32] = []
          pattern.forEachNode(
            from: root, resolve: { _ in nil },
            {
              walked.append($0.id)
              return true
            })
          #expect(list == walked, "\(generated.name) \(format): \(pattern.text)")
          #expect(!walked.isEmpty || pattern.text != "/**")
        }
      }
    }
  }
}
