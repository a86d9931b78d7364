import Foundation
import Testing

@testable import RuleEngine

/// The compact built-in rule set stores the paths of each check parsed, so that a start does not parse
/// them again from the stored options (EmbeddedRuleSetTests checks that it loads to the same set).
@Suite struct CompactRuleSetTests {
  /// A path stored parsed is taken as stored, not parsed again from its text.
  @Test func aStoredPathIsNotParsedAgain() throws {
    let fields = try YAMLFields.compose("lagesbilder/*/datum", file: "t.yaml")
    let stored = PathPattern(steps: [.key("stored")], isAbsolute: false, text: "lagesbilder/*/datum")
    let withTable = YAMLFields(file: "t.yaml", node: fields.node, parsedPaths: [stored.text: stored])
    #expect(try RuleParser.path(withTable, absolute: false).steps == [.key("stored")])
    #expect(try RuleParser.path(fields, absolute: false).steps == [.key("lagesbilder"), .wildcard, .key("datum")])
    // The checks on the stored path still apply: a relative field is not accepted as a selector.
    #expect(throws: RuleSetError.self) { try RuleParser.path(withTable, absolute: true) }
  }
}
