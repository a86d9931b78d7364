import Foundation
import PlanDocument
import RuleEngine
import Testing

@Suite struct NextDueTests {
  func tree(_ json: String) throws -> Node {
    try DocumentReader.parse(Array(json.utf8), file: "p.json", format: .json).root
  }

  @Test func twoYearsToTheSameDayAndLeapDayToTheLastOfFebruary() {
    let due = NextDue(lagesbild: CivilDate("2024-02-29"), followUpFrom: CivilDate("2025-06-30"))
    #expect(due.lagesbildDue == CivilDate("2026-02-28"))
    #expect(due.followUpDue == CivilDate("2027-06-30"))
    #expect(NextDue(lagesbild: CivilDate("2024-09-30"), followUpFrom: nil).lagesbildDue == CivilDate("2026-09-30"))
  }

  @Test func fromThePlanNewestLagesbildAndLaterOfFollowUpAndDecision() throws {
    let root = try tree(
      """
      {"formatversion": 1, "lagesbilder": [{"datum": "2024-09-30"}, {"datum": "2026-04-15"}, {"datum": "inte ett datum"}],
       "atgardsplan": {"beslut": {"datum": "2026-11-10"}},
       "uppfoljningar": [{"datum": "2025-03-31"}, {"datum": "2026-03-30"}]}
      """)
    let due = NextDue(plan: root)
    #expect(due.lagesbild == CivilDate("2026-04-15") && due.lagesbildDue == CivilDate("2028-04-15"))
    // A plan decided after the newest follow-up: its two years run from the decision.
    #expect(due.followUpFrom == CivilDate("2026-11-10") && due.followUpDue == CivilDate("2028-11-10"))
    let older = try tree(#"{"formatversion": 1, "atgardsplan": {"beslut": {"datum": "2023-01-10"}}, "uppfoljningar": [{"datum": "2024-02-29"}]}"#)
    #expect(NextDue(plan: older).followUpDue == CivilDate("2026-02-28"))
    // Both readers give the same tree: the XML sample's dates are found as the JSON's are.
    let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("samples")
    let xml = try DocumentReader.read(file: samples.appendingPathComponent("komplett.xml").path).root
    #expect(NextDue(plan: xml).lagesbildDue == CivilDate("2028-04-15"))
    #expect(NextDue(plan: xml).followUpDue == CivilDate("2028-11-10"))
    #expect(NextDue(plan: try tree(#"{"formatversion": 1}"#)) == NextDue(lagesbild: nil, followUpFrom: nil))
  }
}
