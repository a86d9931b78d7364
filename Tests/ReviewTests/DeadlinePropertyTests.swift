import Foundation
import PlanDocument
import RuleEngine
import Testing

@testable import plangen

/// Every date the calendar gives must be the rule's own boundary: the rule is silent (at that place) on
/// the due date and reports there from the day after. Checked by running the rule itself on both days,
/// over generated plans of every profile on many as-of dates, and over plans made to sit on the edges
/// (29 February, a term's first and last day, agreements with gaps and overlaps).
@Suite("Deadlines agree with the rules they come from")
struct DeadlinePropertyTests {
  static let evaluator = Evaluator(ruleSet: Fixture.ruleSet)

  /// Checks one document's deadlines against its rules; returns how many were checked.
  @discardableResult
  static func verify(_ text: String, name: String, asOf: CivilDate, parameters: [String: Int] = [:]) throws -> Int {
    let document = try DocumentReader.parse(Array(text.utf8), file: name, format: .json)
    let options = EvaluationOptions(asOf: asOf, parameters: parameters)
    let deadlines = evaluator.deadlines(document, options: options)
    for deadline in deadlines {
      let rule = try #require(Fixture.ruleSet.rule(deadline.ruleId))
      func reports(on day: CivilDate) -> Bool {
        evaluator.evaluate(document, rules: [rule], options: EvaluationOptions(asOf: day, parameters: parameters))
          .contains { $0.location.path == deadline.location.path }
      }
      #expect(
        !reports(on: deadline.due),
        "\(name) as of \(asOf): \(deadline.ruleId) reports on its due date \(deadline.due) at \(deadline.location.path)"
      )
      #expect(
        reports(on: deadline.overdueSince),
        "\(name) as of \(asOf): \(deadline.ruleId) is silent the day after its due date \(deadline.due) at \(deadline.location.path)"
      )
    }
    return deadlines.count
  }

  @Test func generatedPlansOnManyDates() throws {
    let kommuner = PlanGeneratorTests.kommuner
    var checked = 0
    var rules: Set<String> = []
    // As-of dates around leap days, term changes and ordinary days: the generator dates everything from it.
    let days = ["2024-02-29", "2026-02-28", "2026-10-14", "2026-10-15", "2026-11-24", "2027-03-01", "2028-02-29"]
    for (round, day) in days.enumerated() {
      let asOf = try #require(CivilDate(day))
      let documents = Generation.documents(
        municipalities: kommuner, count: 40, seed: UInt64(round + 7), generator: PlanGenerator(asOf: asOf, actions: 3))
      for generated in documents {
        let text = Generation.json(generated)
        let document = try DocumentReader.parse(Array(text.utf8), file: generated.name, format: .json)
        rules.formUnion(Self.evaluator.deadlines(document, options: EvaluationOptions(asOf: asOf)).map(\.ruleId))
        checked += try Self.verify(text, name: generated.name, asOf: asOf)
        // A kommun's stricter interval moves the 6 § dates with it.
        checked += try Self.verify(
          text, name: generated.name, asOf: asOf,
          parameters: ["lagesbild.maxAlderManader": 12, "uppfoljning.intervallManader": 18])
      }
    }
    #expect(checked > 1000)
    // Every rule whose date moves with time gave dates.
    #expect(rules.isSuperset(of: ["LB-007", "UPP-001", "SV-003", "SV-005", "AP-007", "AP-008", "LED-006"]), "\(rules)")
  }

  @Test func edgesOfTheCalendar() throws {
    let asOf = try #require(CivilDate("2026-11-24"))
    let plans = [
      // 6 §: 29 February plus two years is 28 February.
      #"{"formatversion": 1, "lagesbilder": [{"id": "LB", "datum": "2024-02-29", "geografiskTackning": "hela-kommunen"}]}"#,
      #"{"formatversion": 1, "atgardsplan": {"beslut": {"organ": "kommunfullmaktige", "datum": "2024-02-29"}}, "uppfoljningar": [{"id": "U", "datum": "2023-06-01"}]}"#,
      // Decided on a term's first and last day.
      #"{"formatversion": 1, "atgardsplan": {"id": "AP", "beslut": {"organ": "kommunfullmaktige", "datum": "2022-10-15"}, "giltighet": {"fran": "2022-10-15", "till": "2024-02-29"}}}"#,
      #"{"formatversion": 1, "atgardsplan": {"id": "AP", "beslut": {"organ": "kommunfullmaktige", "datum": "2026-10-14"}, "giltighet": {"fran": "2027-01-01", "till": "2030-12-31"}}}"#,
      // Agreements with a gap, an overlap, and one still to come.
      """
      {"formatversion": 1, "samverkan": {"overenskommelser": [
        {"id": "A", "polis": true, "giltighet": {"fran": "2022-01-01", "till": "2024-12-31"}},
        {"id": "B", "polis": true, "giltighet": {"fran": "2024-06-01", "till": "2026-03-31"}},
        {"id": "C", "polis": true, "giltighet": {"fran": "2026-04-02", "till": "2028-02-29"}},
        {"id": "D", "polis": false, "giltighet": {"fran": "2020-01-01", "till": "2030-12-31"}, "medborgarloften": [
          {"id": "M1", "giltighet": {"fran": "2025-01-01", "till": "2025-12-31"}},
          {"id": "M2", "giltighet": {"fran": "2027-01-01", "till": "2027-12-31"}}]}]}}
      """,
      #"{"formatversion": 1, "ledning": {"organ": "kommunstyrelsen", "rapporter": [{"datum": "2025-02-28", "till": "kommunfullmaktige"}, {"datum": "2026-01-31", "till": "kommunstyrelsen"}]}}"#,
    ]
    var checked = 0
    for (index, plan) in plans.enumerated() {
      for day in ["2026-11-24", "2026-04-01", "2026-04-02", "2028-03-01", "2025-06-01"] {
        checked += try Self.verify(plan, name: "edge-\(index).json", asOf: try #require(CivilDate(day)))
      }
    }
    #expect(checked >= 40)
    // The leap-day lägesbild is due on 28 February, and overdue from 1 March.
    let leap = try DocumentReader.parse(Array(plans[0].utf8), file: "leap.json", format: .json)
    let due = Self.evaluator.deadlines(leap, options: EvaluationOptions(asOf: asOf)).first { $0.ruleId == "LB-007" }
    #expect(due?.due == CivilDate("2026-02-28") && due?.overdueSince == CivilDate("2026-03-01"))
    #expect(
      due?.interval == Deadline.Interval(months: 24, source: .law, parameter: "lagesbild.maxAlderManader", limit: 24))
  }
}
