import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

/// Each sample has expected findings in `samples/forvantat/<sample>@<as-of>.txt`: one line per finding,
/// `RULE-ID /json/pointer`, sorted. All three forms of the sample (XML, JSON, Word) must give exactly those
/// findings.
///
/// To regenerate after a deliberate rule change: `LAGKOLL_UPDATE_EXPECTED=1 swift test --filter SampleFindings`,
/// then read the diff before committing it.
@Suite("Samples give their expected findings")
struct SampleFindingsTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let expectedFolder = root.appendingPathComponent("samples/forvantat")

  static let cases: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: expectedFolder.path)) ?? []
    return names.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
  }()

  static let ruleSet: RuleSet = try! RuleSetLoader.load(from: root.appendingPathComponent("rules").path)

  static func findings(sample: String, format: String, asOf: CivilDate) throws -> [String] {
    let path = root.appendingPathComponent("samples/\(sample).\(format)").path
    let document = try DocumentReader.read(file: path)
    let findings = Evaluator(ruleSet: ruleSet).evaluate(document, options: EvaluationOptions(asOf: asOf))
    for finding in findings {
      // Every finding is complete: a message in both languages, a reference, a real position.
      #expect(!finding.message.text(.sv).isEmpty && !finding.message.text(.en).isEmpty)
      #expect(
        !finding.message.text(.sv).contains("{") && !finding.message.text(.en).contains("{"),
        "unfilled placeholder: \(finding.message.text(.sv))")
      #expect(finding.location.line >= 1 && finding.location.column >= 1)
    }
    // The root's pointer is the empty string; "/" reads better in a file and no plan has an empty key.
    return findings.map { "\($0.ruleId) \($0.location.path.components.isEmpty ? "/" : $0.location.path.description)" }
      .sorted()
  }

  @Test func everySampleHasExpectedFindings() throws {
    let samples = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("samples").path)
      .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
    for sample in samples {
      #expect(Self.cases.contains { $0.hasPrefix(sample + "@") }, "samples/\(sample) has no expected findings file")
    }
  }

  @Test(arguments: cases)
  func bothFormsGiveTheExpectedFindings(testCase: String) throws {
    let parts = testCase.split(separator: "@").map(String.init)
    let sample = parts[0]
    let asOf = try #require(CivilDate(parts[1]))
    let file = Self.expectedFolder.appendingPathComponent("\(testCase).txt")
    let json = try Self.findings(sample: sample, format: "json", asOf: asOf)
    let xml = try Self.findings(sample: sample, format: "xml", asOf: asOf)
    #expect(json == xml, "the XML and JSON forms of \(sample) give different findings")
    // The Word twin (samples/<sample>.docx, rendered by `lagkoll convert --to docx`) gives them too.
    let docx = try Self.findings(sample: sample, format: "docx", asOf: asOf)
    #expect(docx == json, "the Word and JSON forms of \(sample) give different findings")
    if ProcessInfo.processInfo.environment["LAGKOLL_UPDATE_EXPECTED"] == "1" {
      try Data((json.joined(separator: "\n") + "\n").utf8).write(to: file)
      return
    }
    let expected = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
      .map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    #expect(
      json == expected.sorted(),
      "\(testCase): found\n\(json.joined(separator: "\n"))\nexpected\n\(expected.joined(separator: "\n"))")
  }

  @Test func beforeTheLawOnlyDocumentRulesApply() throws {
    let before = CivilDate("2023-01-01")!
    #expect(!Self.ruleSet.rules(on: before).contains { $0.basis == .lag })
    for sample in ["fore-lagen", "saknade-delar"] {
      let path = Self.root.appendingPathComponent("samples/\(sample).xml").path
      let findings = Evaluator(ruleSet: Self.ruleSet).evaluate(
        try DocumentReader.read(file: path), options: EvaluationOptions(asOf: before))
      #expect(findings.allSatisfy { $0.basis == .dokument }, "\(sample): \(findings.map(\.ruleId))")
    }
  }

  @Test func aWholeMissingSectionGivesOneFindingPerStatutoryDuty() throws {
    let path = Self.root.appendingPathComponent("samples/saknade-delar.json").path
    let findings = Evaluator(ruleSet: Self.ruleSet).evaluate(
      try DocumentReader.read(file: path), options: EvaluationOptions(asOf: CivilDate("2026-11-24")!))
    for section in ["/atgardsplan", "/samordningsfunktion", "/samverkan"] {
      let about = findings.filter {
        $0.location.path.description.hasPrefix(section)
          || $0.message.text(.en).lowercased().contains(section.dropFirst())
      }
      #expect(
        about.allSatisfy { $0.basis == .lag }, "guidance noise about a missing \(section): \(about.map(\.ruleId))")
    }
    let perObligation = Dictionary(grouping: findings.filter { $0.location.path.components.isEmpty }, by: \.obligation)
    #expect(perObligation.values.allSatisfy { $0.count == 1 }, "\(perObligation.mapValues { $0.map(\.ruleId) })")
    #expect(
      Set(perObligation.keys).isSuperset(of: [
        "atgardsplan", "samordningsfunktion", "samverkan.overenskommelser", "samverkan.forum",
      ]))
  }

  @Test func outdatedFindingsSayWhenTheyBecameOutdated() throws {
    let path = Self.root.appendingPathComponent("samples/forra-mandatperioden.xml").path
    let findings = Evaluator(ruleSet: Self.ruleSet).evaluate(
      try DocumentReader.read(file: path), options: EvaluationOptions(asOf: CivilDate("2026-11-24")!))
    let mandate = try #require(findings.first { $0.obligation == "atgardsplan.aktuell" })
    #expect(mandate.outdatedSince == CivilDate("2026-10-15"))
    let police = try #require(findings.first { $0.obligation == "samverkan.polis-giltig" })
    #expect(police.outdatedSince == CivilDate("2026-01-01"))
  }
}
