import Foundation
import PlanDocument
import RuleEngine
import Testing

@Suite struct NextDueTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let ruleSet: RuleSet = try! RuleSetLoader.load(from: root.appendingPathComponent("rules").path)

  func tree(_ json: String) throws -> Node {
    try DocumentReader.parse(Array(json.utf8), file: "p.json", format: .json).root
  }

  @Test func twoYearsToTheSameDayAndLeapDayToTheLastOfFebruary() {
    let due = NextDue(
      lagesbild: CivilDate("2024-02-29"), followUpFrom: CivilDate("2025-06-30"), lagesbildMonths: 24, followUpMonths: 24
    )
    #expect(due.lagesbildDue == CivilDate("2026-02-28"))
    #expect(due.followUpDue == CivilDate("2027-06-30"))
    #expect(
      NextDue(lagesbild: CivilDate("2024-09-30"), followUpFrom: nil, lagesbildMonths: 24, followUpMonths: 24)
        .lagesbildDue
        == CivilDate("2026-09-30"))
  }

  @Test func fromThePlanNewestLagesbildAndLaterOfFollowUpAndDecision() throws {
    let root = try tree(
      """
      {"formatversion": 1, "lagesbilder": [{"datum": "2024-09-30", "geografiskTackning": "hela-kommunen"},
                       {"datum": "2026-04-15", "geografiskTackning": "hela-kommunen"},
                       {"datum": "inte ett datum", "geografiskTackning": "hela-kommunen"}],
       "atgardsplan": {"beslut": {"datum": "2026-11-10"}},
       "uppfoljningar": [{"datum": "2025-03-31"}, {"datum": "2026-03-30"}]}
      """)
    let due = NextDue(plan: root, ruleSet: Self.ruleSet)
    #expect(due.lagesbild == CivilDate("2026-04-15") && due.lagesbildDue == CivilDate("2028-04-15"))
    // A plan decided after the newest follow-up: its two years run from the decision.
    #expect(due.followUpFrom == CivilDate("2026-11-10") && due.followUpDue == CivilDate("2028-11-10"))
    let older = try tree(
      #"{"formatversion": 1, "atgardsplan": {"beslut": {"datum": "2023-01-10"}}, "uppfoljningar": [{"datum": "2024-02-29"}]}"#
    )
    #expect(NextDue(plan: older, ruleSet: Self.ruleSet).followUpDue == CivilDate("2026-02-28"))
    // Both readers give the same tree: the XML sample's dates are found as the JSON's are.
    let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("samples")
    let xml = try DocumentReader.read(file: samples.appendingPathComponent("komplett.xml").path).root
    #expect(NextDue(plan: xml, ruleSet: Self.ruleSet).lagesbildDue == CivilDate("2028-04-15"))
    #expect(NextDue(plan: xml, ruleSet: Self.ruleSet).followUpDue == CivilDate("2028-11-10"))
    #expect(
      NextDue(plan: try tree(#"{"formatversion": 1}"#), ruleSet: Self.ruleSet)
        == NextDue(lagesbild: nil, followUpFrom: nil, lagesbildMonths: 24, followUpMonths: 24))
  }

  /// LB-007 counts only lägesbilder for the whole kommun: a newer partial one (a district's) does not
  /// move the due date, which stays where the statutory finding says the lägesbild ran out.
  @Test func aNewerPartialLagesbildDoesNotMoveTheDueDate() throws {
    let root = try tree(
      """
      {"formatversion": 1, "lagesbilder": [
        {"id": "LB-2023", "datum": "2023-05-02", "geografiskTackning": "hela-kommunen"},
        {"id": "LB-C", "datum": "2026-01-20", "geografiskTackning": "delomrade"},
        {"id": "LB-X", "datum": "2026-02-01"}]}
      """)
    let due = NextDue(plan: root, ruleSet: Self.ruleSet)
    #expect(due.lagesbild == CivilDate("2023-05-02"))
    #expect(due.lagesbildDue == CivilDate("2025-05-02"))
    // Only partial lägesbilder: none is due from, as LB-007 finds none to compare.
    let partial = try tree(
      #"{"formatversion": 1, "lagesbilder": [{"datum": "2026-01-20", "geografiskTackning": "delomrade"}]}"#)
    #expect(NextDue(plan: partial, ruleSet: Self.ruleSet).lagesbildDue == nil)
  }

  /// The due date is the last day before the rule with the role reports: on it and before, LB-007 and
  /// UPP-001 are silent; from the day after, they report. Over documents that vary what counts (partial
  /// lägesbilder, a decision later than the follow-ups, leap days, a respelled list) and a kommun's
  /// shorter setting.
  @Test func theDueDateIsTheLastDayBeforeTheRuleReports() throws {
    let documents = [
      #"{"formatversion": 1, "lagesbilder": [{"datum": "2024-02-29", "geografiskTackning": "hela-kommunen"}, {"datum": "2025-08-01", "geografiskTackning": "delomrade"}], "atgardsplan": {"beslut": {"datum": "2024-06-17"}}, "uppfoljningar": [{"datum": "2023-12-31"}, {"datum": "2025-02-28"}]}"#,
      #"{"formatversion": 1, "lagesbilder": [{"datum": "2023-09-30", "geografiskTackning": "hela-kommunen"}, {"datum": "2024-10-31", "geografiskTackning": "hela-kommunen"}], "atgardsplan": {"beslut": {"datum": "2025-03-31"}}, "uppfoljningar": [{"datum": "2024-08-31"}]}"#,
      #"{"formatversion": 1, "lagesbildr": [{"datum": "2024-08-31", "geografiskTackning": "hela-kommunen"}], "atgardsplan": {"beslut": {"datum": "2023-11-20"}}}"#,
    ]
    let rules = Self.ruleSet.rules.filter { ["LB-007", "UPP-001"].contains($0.id) }
    #expect(rules.count == 2)
    for parameters in [[:], ["lagesbild.maxAlderManader": 18, "uppfoljning.intervallManader": 13]] {
      for json in documents {
        let document = try DocumentReader.parse(Array(json.utf8), file: "p.json", format: .json)
        let due = NextDue(plan: document.root, ruleSet: Self.ruleSet, parameters: parameters)
        let dueDates = ["LB-007": try #require(due.lagesbildDue), "UPP-001": try #require(due.followUpDue)]
        for rule in rules {
          let last = dueDates[rule.id]!
          for offset in -2...2 {
            let asOf = last.adding(days: offset)
            let findings = Evaluator(ruleSet: Self.ruleSet).evaluate(
              document, rules: [rule], options: EvaluationOptions(asOf: asOf, parameters: parameters))
            #expect(
              findings.isEmpty == (offset <= 0),
              "\(rule.id) as of \(asOf), due \(last), \(parameters): \(findings.map { $0.message.text(.sv) }) in \(json)"
            )
          }
        }
      }
    }
  }

  /// The intervals come from the rules with 6 §'s roles (LB-007 and UPP-001, two years), not from Swift.
  @Test func theIntervalsAreTheRuleSets() throws {
    #expect(Self.ruleSet.obligations(with: .lagesbildUpdate) == ["lagesbild.aktualitet"])
    #expect(Self.ruleSet.obligations(with: .planFollowUp) == ["uppfoljning.genomford"])
    // Read as NextDue reads them, from the plan through the rules: 24 months each.
    let plan = try tree(
      #"{"formatversion": 1, "lagesbilder": [{"datum": "2025-01-15", "geografiskTackning": "hela-kommunen"}], "uppfoljningar": [{"datum": "2025-05-20"}]}"#
    )
    let due = NextDue(plan: plan, ruleSet: Self.ruleSet)
    #expect(due.lagesbildDue == CivilDate("2027-01-15"))
    #expect(due.followUpDue == CivilDate("2027-05-20"))
    // Another interval gives another date: nothing in NextDue assumes two years.
    #expect(
      NextDue(lagesbild: nil, followUpFrom: CivilDate("2025-03-31"), lagesbildMonths: 24, followUpMonths: 12)
        .followUpDue == CivilDate("2026-03-31"))
    #expect(
      NextDue(lagesbild: CivilDate("2025-03-31"), followUpFrom: nil, lagesbildMonths: nil, followUpMonths: nil)
        .lagesbildDue == nil)
  }

  /// Every field name Swift code reads by name is one the format defines.
  @Test func theNamedFieldsAreTheFormats() {
    for path in PlanFormat.namedPaths {
      #expect(PlanFormat.fieldType(at: path) != nil, "\(path.joined(separator: "/")) is not a field of the plan format")
    }
    #expect(PlanFormat.fieldType(at: ["lagesbilder", "inte-ett-falt"]) == nil)
  }

  /// A role the engine does not know is an error at its place in skyldigheter.yaml, never ignored.
  @Test func anUnknownRoleIsAnError() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-roller-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.copyItem(at: Self.root.appendingPathComponent("rules"), to: folder)
    let file = folder.appendingPathComponent("skyldigheter.yaml")
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text.contains("roller: [plan-uppfoljning]"))
    try text.replacingOccurrences(of: "roller: [plan-uppfoljning]", with: "roller: [uppfoljning]")
      .write(to: file, atomically: true, encoding: .utf8)
    do {
      _ = try RuleSetLoader.load(from: folder.path)
      Issue.record("a rule set with an unknown role loaded")
    } catch {
      #expect(error.text(.en).contains("unknown role \"uppfoljning\""), "\(error.text(.en))")
      #expect(error.file.hasSuffix("skyldigheter.yaml"))
    }
  }
}
