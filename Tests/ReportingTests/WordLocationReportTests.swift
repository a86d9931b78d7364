import Foundation
import PlanDocument
import Reporting
import Testing

@testable import RuleEngine

/// A finding in a Word document is shown where a person with the document open finds it, in every
/// format; JSON adds the Word location beside line and column; SARIF stays schema-valid with no region
/// for the .docx (not a text artifact) and the place as a logical location. Text from the document in
/// the headings and labels stays data (markup and a workflow command in a column label).
@Suite struct WordLocationReportTests {
  static let word = WordLocation(
    section: "Åtgärdsplan (5 §)", table: "Åtgärder", row: 3, column: "Ansvarig <b>\n::error::x", paragraph: 212)

  static var report: CheckReport {
    var finding = ReportFixture.finding(
      "AP-010", LocalizedText(sv: "Åtgärden saknar ansvarig.", en: "The action names no one responsible."),
      file: "plans/lund.docx", line: 2, column: 48_213, path: "/atgardsplan/atgarder/2/ansvarig")
    finding.location.word = word
    return CheckReport(
      asOf: ReportFixture.asOf, rulesetVersion: "2026.1-test", failOn: .error,
      files: [
        FileResult(
          path: "plans/lund.docx", format: .docx, kommun: KommunInfo(namn: "Lund", kod: "1281", lan: "Skåne län"),
          status: .passed, findings: [finding], readError: nil)
      ])
  }

  func render(_ format: OutputFormat, _ language: Language = .sv) -> String {
    format.reporter(language: language, ruleSet: ReportFixture.ruleSet, color: false).render(Self.report)
  }

  @Test func theWordPlaceTakesTheLinesPlace() {
    #expect(Self.word.text(.sv) == "Åtgärdsplan (5 §) › Åtgärder, rad 3, kolumn Ansvarig <b>\n::error::x")
    let text = TextReporter(language: .sv, color: false, quiet: false).render(Self.report)
    #expect(text.contains("Åtgärdsplan (5 §) › Åtgärder, rad 3, kolumn Ansvarig"))
    #expect(text.contains("(stycke 212)"))
    #expect(!text.contains("2:48213"))
    let html = render(.html)
    #expect(html.contains("Åtgärdsplan (5 §) › Åtgärder, rad 3"))
    #expect(!html.contains("Ansvarig <b>"))
    #expect(render(.markdown).contains("Åtgärder, rad 3"))
    #expect(render(.junit).contains("plans/lund.docx: Åtgärdsplan (5 §) › Åtgärder, rad 3"))
    let github = render(.github)
    #expect(github.contains("Plats: Åtgärdsplan (5 §) › Åtgärder, rad 3"))
    #expect(!github.contains("line=2"))
    // The label's line break cannot start a workflow command of its own.
    #expect(!github.split(separator: "\n").contains { $0.hasPrefix("::error::x") })
    #expect(render(.text, .en).contains("Åtgärder, row 3, column Ansvarig"))
  }

  @Test func jsonHasTheWordLocationAsItsOwnObject() throws {
    let json = try #require(try JSONSerialization.jsonObject(with: Data(render(.json).utf8)) as? [String: Any])
    let files = try #require(json["files"] as? [[String: Any]])
    let location = try #require((files[0]["findings"] as? [[String: Any]])?[0]["location"] as? [String: Any])
    #expect(location["line"] as? Int == 2)
    #expect(location["path"] as? String == "/atgardsplan/atgarder/2/ansvarig")
    let word = try #require(location["word"] as? [String: Any])
    #expect(word["section"] as? String == "Åtgärdsplan (5 §)")
    #expect(word["table"] as? String == "Åtgärder")
    #expect(word["row"] as? Int == 3)
    #expect(word["paragraph"] as? Int == 212)
  }

  @Test func sarifGivesNoRegionAndALogicalPlace() throws {
    let json = try #require(try JSONSerialization.jsonObject(with: Data(render(.sarif).utf8)) as? [String: Any])
    let run = try #require((json["runs"] as? [[String: Any]])?.first)
    let artifact = try #require((run["artifacts"] as? [[String: Any]])?.first)
    #expect(artifact["sourceLanguage"] == nil)
    #expect(
      artifact["mimeType"] as? String == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    let location = try #require(((run["results"] as? [[String: Any]])?.first?["locations"] as? [[String: Any]])?.first)
    #expect((location["physicalLocation"] as? [String: Any])?["region"] == nil)
    let logical = try #require(location["logicalLocations"] as? [[String: Any]])
    #expect(logical.count == 2)
    #expect((logical[1]["fullyQualifiedName"] as? String)?.hasPrefix("Åtgärdsplan (5 §) › Åtgärder, rad 3") == true)
  }

  @Test(
    .enabled(
      if: Tooling.canValidateSARIF,
      "skipped: needs python3 with jsonschema (pip install jsonschema) and ../shared/testdata/sarif/sarif-schema-2.1.0.json"
    ))
  func sarifOfAWordDocumentValidates() throws {
    let script = """
      import json, sys
      from jsonschema import Draft4Validator
      schema = json.load(open(sys.argv[1], encoding="utf-8"))
      problems = [str(e.message) for e in Draft4Validator(schema).iter_errors(json.load(sys.stdin))]
      print("\\n".join(problems[:30]))
      sys.exit(1 if problems else 0)
      """
    let result = try Tooling.run(["python3", "-c", script, Tooling.sarifSchema.path], input: render(.sarif))
    #expect(result.status == 0, "SARIF does not validate:\n\(result.stdout)\(result.stderr)")
  }
}
