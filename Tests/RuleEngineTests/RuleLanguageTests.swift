import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

/// The rule language itself: typed values, "starts with", the one date comparison, and the registry's
/// own examples (every example in the generated reference is a rule that loads).
@Suite("The rule language")
struct RuleLanguageTests {
  /// The paths one rule finds in a JSON document, on 2026-11-24.
  static func findings(check: String, options: String, select: String = "/", in json: String) throws -> [String] {
    let text = RuleSetTestSupport.rule(check: check, options: options).replacingOccurrences(
      of: "    check:", with: "    select: \"\(select)\"\n    check:")
    let ruleSet = try RuleSetTestSupport.loadTemporary(text)
    let rule = try #require(ruleSet.rules.first)
    let example = RuleExample(document: json, format: .json, asOf: nil, expect: [], isValid: true, line: 1)
    let result = ruleSet.run(example, of: rule)
    #expect(result.readError == nil)
    return result.foundPaths.map(\.description)
  }

  @Test func booleansAreComparedAsBooleansNotAsText() throws {
    let document =
      #"{"samverkan": {"forum": [{"civilsamhalle": true}, {"civilsamhalle": "true"}, {"civilsamhalle": false}]}}"#
    let typed = try Self.findings(
      check: "value", options: "{field: civilsamhalle, is: {equals: true}}", select: "/samverkan/forum/*", in: document)
    #expect(typed == ["/samverkan/forum/1/civilsamhalle", "/samverkan/forum/2/civilsamhalle"])
    let text = try Self.findings(
      check: "value", options: "{field: civilsamhalle, is: {equals: \"true\"}}", select: "/samverkan/forum/*",
      in: document)
    #expect(text == ["/samverkan/forum/0/civilsamhalle", "/samverkan/forum/2/civilsamhalle"])
  }

  @Test func numbersAreComparedAsNumbers() throws {
    let document = #"{"lagesbilder": [{"kallor": [{"ar": 1900}, {"ar": "1900"}, {"ar": 2025}]}]}"#
    let found = try Self.findings(
      check: "value", options: "{field: ar, is: {not: {in: [1900]}}}", select: "/lagesbilder/*/kallor/*", in: document)
    #expect(found == ["/lagesbilder/0/kallor/0/ar"])
  }

  @Test func startsWithNeedsNoRegularExpression() throws {
    let document = #"{"kommun": {"namn": "ANGE: kommunens namn", "lan": " ANGE:", "kod": "ange: x"}}"#
    let found = try Self.findings(
      check: "value", options: "{field: \"*\", is: {not: {startsWith: \"ANGE:\"}}}", select: "/kommun", in: document)
    #expect(found == ["/kommun/namn"])
  }

  @Test func oneDateComparisonWithEachOperand() throws {
    let document = #"{"atgardsplan": {"beslut": {"datum": "2024-08-01"}, "giltighet": {"fran": "2024-09-01"}}}"#
    #expect(
      try Self.findings(
        check: "date", options: "{field: beslut/datum, notAfter: 2024-07-01}", select: "/atgardsplan", in: document)
        == ["/atgardsplan/beslut/datum"])
    #expect(
      try Self.findings(
        check: "date", options: "{field: beslut/datum, notAfter: asOf}", select: "/atgardsplan", in: document) == [])
    #expect(
      try Self.findings(
        check: "date", options: "{field: beslut/datum, notBefore: termStart}", select: "/atgardsplan", in: document)
        == ["/atgardsplan/beslut/datum"])
    #expect(
      try Self.findings(
        check: "date", options: "{field: beslut/datum, after: {field: giltighet/fran}}", select: "/atgardsplan",
        in: document) == ["/atgardsplan/beslut/datum"])
    #expect(
      try Self.findings(
        check: "date", options: "{field: beslut/datum, plusMonths: 28, notBefore: asOf}", select: "/atgardsplan",
        in: document) == [])
    #expect(
      try Self.findings(
        check: "date", options: "{field: beslut/datum, plusMonths: 27, notBefore: asOf}", select: "/atgardsplan",
        in: document) == ["/atgardsplan/beslut/datum"])
  }

  @Test func aDateComparisonHasExactlyOneComparison() throws {
    for options in ["{field: datum}", "{field: datum, notAfter: asOf, notBefore: termStart}"] {
      let error = try RuleSetTestSupport.loadError(RuleSetTestSupport.rule(check: "date", options: options))
      #expect(error.message.en.contains("exactly one comparison"), "\(error.message.en)")
    }
    let error = try RuleSetTestSupport.loadError(
      RuleSetTestSupport.rule(check: "date", options: "{field: datum, notAfter: igår}"))
    #expect(error.message.en.contains("\"igår\" is not an operand"), "\(error.message.en)")
  }

  @Test(arguments: CheckKinds.all.map(\.name))
  func everyKindsReferenceExampleLoads(_ name: String) throws {
    let kind = try #require(CheckKinds.byName[name])
    let indented = kind.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
      separator: "\n")
    let text = """
      omrade: test
      rules:
        - id: T-001
          obligation: lagesbild
          title: {sv: "Exempel.", en: "Example."}
      \(indented)
          message: {sv: "Fel.", en: "Wrong."}

      """
    let ruleSet = try RuleSetTestSupport.loadTemporary(text)
    #expect(ruleSet.rules.first?.check.kindName == name)
  }

  /// The field names the built-in checks read by name (beyond `PlanFormat.namedPaths`, which are paths
  /// from the root) are fields of the format somewhere.
  @Test func formatKeysAreFieldsOfTheFormat() {
    var names: Set<String> = []
    func collect(_ type: PlanFormat.FieldType) {
      switch type {
      case .object(let object): collect(object)
      case .array(_, let item): collect(item)
      default: break
      }
    }
    func collect(_ object: PlanFormat.ObjectType) {
      for field in object.fields {
        names.insert(field.name)
        collect(field.type)
      }
    }
    collect(PlanFormat.plan)
    #expect(names.count > 50)
    let read =
      [PlanFormat.Name.fran, PlanFormat.Name.till, PlanFormat.Name.rubrik, PlanFormat.Name.titel]
      + PlanFormat.Name.labels
    for key in read { #expect(names.contains(key), "\(key) is not a field of the format") }
  }

  @Test func numbersAreRecognisedAsJSONWritesThem() {
    for text in ["0", "12", "-3", "1.5", "2e10", "1E-2", "-0.5e+3"] {
      #expect(RuleParser.isJSONNumber(text), "\(text)")
    }
    for text in ["", "-", "01", "1.", ".5", "1e", "12a", "1900-01-01", "+1", "0x1F", "1_000"] {
      #expect(!RuleParser.isJSONNumber(text), "\(text)")
    }
  }
}
