import Foundation
import InputCollection
import PlanDocument
import Reporting
import RuleEngine
import Testing

/// The reporters over the real rule set and samples (not compared with golden files, which use the
/// fixed fixture): whatever the catalogue holds, SARIF validates and the markup stays well-formed.
@Suite struct BundledRuleSetTests {
  static func report() throws -> (RuleSet, CheckReport) {
    let root = Tooling.packageRoot
    let ruleSet = try RuleSetLoader.load(from: root.appendingPathComponent("rules").path)
    let checker = PlanChecker(ruleSet: ruleSet, options: EvaluationOptions(asOf: ReportFixture.asOf))
    return (ruleSet, checker.check(paths: [root.appendingPathComponent("samples").path]))
  }

  @Test(
    .enabled(
      if: Tooling.canValidateSARIF,
      "skipped: needs python3 with jsonschema (pip install jsonschema) and ../shared/testdata/sarif/sarif-schema-2.1.0.json"
    ))
  func sarifOfTheSamplesValidates() throws {
    let (ruleSet, report) = try Self.report()
    #expect(!report.files.isEmpty)
    let sarif = SARIFReporter(language: .sv, ruleSet: ruleSet).render(report)
    let script = """
      import json, sys
      from jsonschema import Draft4Validator
      schema = json.load(open(sys.argv[1], encoding="utf-8"))
      errors = list(Draft4Validator(schema).iter_errors(json.load(sys.stdin)))
      for e in errors[:30]: print("/".join(map(str, e.absolute_path)) + ": " + e.message)
      sys.exit(1 if errors else 0)
      """
    let result = try Tooling.run(["python3", "-c", script, Tooling.sarifSchema.path], input: sarif)
    #expect(result.status == 0, "SARIF does not validate:\n\(result.stdout)\(result.stderr)")
  }

  @Test func markupOfTheSamplesIsWellFormed() throws {
    let (ruleSet, report) = try Self.report()
    for language in Language.allCases {
      let html = HTMLReporter(language: language, ruleSet: ruleSet).render(report)
      #expect(XMLCollector.parse(html) != nil, "HTML (\(language))")
      let junit = JUnitReporter(language: language, ruleSet: ruleSet).render(report)
      #expect(XMLCollector.parse(junit) != nil, "JUnit (\(language))")
    }
  }
}
