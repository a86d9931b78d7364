import Foundation
import PlanDocument
import Testing

@testable import RuleEngine

/// The rule set says what the law says: the obligations and their basis as DOMAIN.md's table, statutory
/// findings that cite their paragraph and never call themselves guidance, the two-year rule of 6 § to the
/// day, and statutory intervals that a configuration can tighten but never loosen.
@Suite("The law as it is written")
struct LawTests {
  static let ruleSet: RuleSet = try! RuleSetTestSupport.load()

  // MARK: DOMAIN.md's table

  /// One row of the obligations table in DOMAIN.md.
  struct DomainRow {
    var id: String
    var basis: String
    var warning: Bool
    var source: String
  }

  static let domainFile = ConfigurationTests.root.deletingLastPathComponent()
    .appendingPathComponent("shared/spec/DOMAIN.md")

  static func domainRows() -> [DomainRow]? {
    guard let text = try? String(contentsOf: domainFile, encoding: .utf8) else { return nil }
    var rows: [DomainRow] = []
    for line in text.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard cells.count >= 5 else { continue }
      let id = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      let basis = cells[2].split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
      rows.append(DomainRow(id: id, basis: basis, warning: cells[2].contains("warning"), source: cells[4]))
    }
    return rows
  }

  @Test func obligationsFollowDomainMdsTable() throws {
    guard let rows = Self.domainRows() else {
      print("SKIP: \(Self.domainFile.path) is not beside the repository; DOMAIN.md's table was not compared.")
      return
    }
    #expect(rows.count == 38)
    #expect(Self.ruleSet.obligations.map(\.id) == rows.map(\.id))
    #expect(RuleSetTestSupport.domainObligations == rows.map(\.id))
    for row in rows {
      let obligation = try #require(Self.ruleSet.obligation(row.id))
      #expect(
        obligation.basis.rawValue == row.basis, "\(row.id): basis \(obligation.basis.rawValue), DOMAIN.md \(row.basis)")
      let expected: Severity = row.warning ? .warning : obligation.basis.defaultSeverity
      #expect(obligation.defaultSeverity == expected, "\(row.id): default severity")
      guard obligation.basis == .lag else { continue }
      // Every paragraph the obligation cites is one DOMAIN.md names for it.
      for id in obligation.references {
        let reference = try #require(Self.ruleSet.references[id])
        #expect(reference.kind == .statute && reference.verified, "\(row.id) cites \(id)")
        let paragraf = reference.paragraf ?? ""
        let named =
          paragraf == "övergångsbestämmelser"
          ? row.source.contains("övergångsbestämmelser") && row.source.contains(reference.punkt ?? "")
          : row.source.contains("\(paragraf) §")
        #expect(named, "\(row.id) cites \(reference.citation(.sv)); DOMAIN.md says \(row.source)")
      }
    }
  }

  // MARK: The statute catalogue

  @Test func everyParagraphAndPointIsInTheCatalogueVerbatimAndVerified() throws {
    let expected = [
      "1", "2", "3", "4", "4-1", "4-2", "4-3", "5", "6", "7", "8", "9", "10", "11", "12", "12-1", "12-2", "12-3",
      "13", "14", "ob-1", "ob-2",
    ]
    for suffix in expected {
      let reference = try #require(Self.ruleSet.references["sfs-2023-196-\(suffix)"], "sfs-2023-196-\(suffix)")
      #expect(reference.kind == .statute && reference.verified && reference.verifiedAgainst != nil)
      #expect(reference.text?.isEmpty == false, "\(reference.id) has no text")
    }
    #expect(
      Self.ruleSet.references["sfs-2023-196-6"]?.text
        == "Kommuner ska minst vartannat år uppdatera lägesbilden och följa upp åtgärdsplanen.")
    #expect(Self.ruleSet.references["sfs-2023-196-14"]?.amendedBy == "2025:223")
    // Guidance is never marked as law.
    for reference in Self.ruleSet.references.values where reference.kind == .guidance {
      #expect(!reference.verified && reference.sfs == nil && reference.text == nil, "\(reference.id)")
    }
    // 14 § is a right, not a duty: no obligation and no rule rests on it.
    #expect(!Self.ruleSet.obligations.contains { $0.references.contains("sfs-2023-196-14") })
    #expect(!Self.ruleSet.rules.contains { $0.reference == "sfs-2023-196-14" })
  }

  @Test(arguments: [
    ("6§", ["sfs-2023-196-6"]), ("6 §", ["sfs-2023-196-6"]), ("12 § 3 p.", ["sfs-2023-196-12-3"]),
    ("4 § 1 punkten", ["sfs-2023-196-4-1"]),
    ("4§", ["sfs-2023-196-4", "sfs-2023-196-4-1", "sfs-2023-196-4-2", "sfs-2023-196-4-3"]),
    ("övergångsbestämmelser 2", ["sfs-2023-196-ob-2"]), ("15 §", []),
  ])
  func citationsFindTheirParagraphs(text: String, ids: [String]) {
    #expect(Self.ruleSet.statutes(cited: text)?.map(\.id) == ids)
  }

  @Test func textThatIsNoCitationIsNotOne() {
    #expect(Self.ruleSet.statutes(cited: "LB-001") == nil)
    #expect(Self.ruleSet.statutes(cited: "lagesbild") == nil)
    #expect(Self.ruleSet.statutes(cited: "6") == nil)
  }

  // MARK: Messages

  /// A statutory duty is never labelled guidance, and its message names the paragraph it cites.
  @Test func statutoryMessagesCiteTheirParagraphAndNeverCallThemselvesGuidance() throws {
    for rule in Self.ruleSet.rules where rule.basis == .lag {
      let reference = try #require(Self.ruleSet.references[rule.reference])
      let sv = rule.message.sv
      let en = rule.message.en
      #expect(!sv.lowercased().contains("vägledning") && !sv.contains("rekommenderar"), "\(rule.id): \(sv)")
      #expect(!en.lowercased().contains("guidance") && !en.contains("recommend"), "\(rule.id): \(en)")
      let paragraf = reference.paragraf ?? ""
      if paragraf == "övergångsbestämmelser" {
        #expect(sv.contains("övergångsbestämmelserna") && en.contains("transitional provisions"), "\(rule.id)")
      } else {
        #expect(sv.contains("\(paragraf) §"), "\(rule.id) cites \(reference.citation(.sv)): \(sv)")
        #expect(en.contains("section \(paragraf)") || en.contains("sections"), "\(rule.id): \(en)")
      }
      if let punkt = reference.punkt, paragraf != "övergångsbestämmelser" {
        #expect(sv.contains("\(paragraf) § \(punkt) p."), "\(rule.id): \(sv)")
      }
    }
  }

  /// "Verka för" and "i den utsträckning som det är lämpligt": the message says the law asks the kommun
  /// to work for it, and the finding is a warning unless DOMAIN.md says otherwise.
  @Test func dutiesToStriveSaySo() throws {
    let striving = [
      "samverkan.overenskommelser": "verkar för", "samverkan.forum-representation": "verkar för",
      "integrering": "lämpligt",
    ]
    for (obligation, words) in striving {
      let rules = Self.ruleSet.rules.filter { $0.obligation == obligation }
      #expect(!rules.isEmpty)
      #expect(rules.contains { $0.message.sv.contains(words) || $0.message.sv.contains("verka för") }, "\(obligation)")
    }
    #expect(Self.ruleSet.rule("SV-002")?.message.sv.contains("verkar för") == true)
    for id in ["INT-001", "INT-002", "SV-010"] {
      #expect(Self.ruleSet.rule(id)?.severity == .warning, "\(id)")
    }
  }

  @Test func civilSocietyIsGuidanceNotLaw() throws {
    let rule = try #require(Self.ruleSet.rule("SV-011"))
    #expect(rule.basis == .vagledning && rule.severity == .warning)
    #expect(Self.ruleSet.references[rule.reference]?.kind == .guidance)
    for rule in Self.ruleSet.rules where rule.basis == .lag {
      #expect(!rule.message.sv.contains("civilsamhäll"), "\(rule.id) makes civil society a legal requirement")
    }
  }

  // MARK: The two-year rule (6 §)

  func findings(_ json: String, asOf: String, parameters: [String: Int] = [:], rule: String) throws -> [Finding] {
    let parsed = try Array(json.utf8).withUnsafeBufferPointer { try JSONReader.parse($0, limits: .default) }
    let document = Document(file: "test.json", format: .json, root: parsed.root, diagnostics: parsed.diagnostics)
    let evaluator = Evaluator(ruleSet: Self.ruleSet)
    let rules = [try #require(Self.ruleSet.rule(rule))]
    return evaluator.evaluate(
      document, rules: rules, options: EvaluationOptions(asOf: CivilDate(asOf)!, parameters: parameters))
  }

  static func lagesbild(_ date: String) -> String {
    #"{"lagesbilder": [{"id": "LB", "datum": "\#(date)", "geografiskTackning": "hela-kommunen"}]}"#
  }

  @Test(
    arguments: [
      // dated, as of, outdated since (nil: current)
      ("2024-11-24", "2026-11-24", nil), ("2024-11-24", "2026-11-25", "2026-11-25"),
      ("2024-02-29", "2026-02-28", nil), ("2024-02-29", "2026-03-01", "2026-03-01"),
      ("2022-02-28", "2024-02-28", nil), ("2022-02-28", "2024-02-29", "2024-02-29"),
    ] as [(String, String, String?)])
  func aLagesbildIsCurrentThroughTheSameDayTwoYearsLater(dated: String, asOf: String, outdatedSince: String?) throws {
    let found = try findings(Self.lagesbild(dated), asOf: asOf, rule: "LB-007")
    #expect(found.first?.outdatedSince?.description == outdatedSince)
    #expect(found.count == (outdatedSince == nil ? 0 : 1))
    if let finding = found.first {
      #expect(finding.basis == .lag && finding.severity == .error)
      #expect(finding.reference.id == "sfs-2023-196-6")
      #expect(finding.message.text(.sv).hasSuffix("minst vartannat år."), "\(finding.message.text(.sv))")
    }
  }

  @Test func theFollowUpsTwoYearsRunFromTheLaterOfFollowUpAndDecision() throws {
    func plan(decided: String, followedUp: String) -> String {
      #"{"atgardsplan": {"beslut": {"organ": "kommunfullmaktige", "datum": "\#(decided)"}}, "#
        + #""uppfoljningar": [{"id": "U", "datum": "\#(followedUp)"}]}"#
    }
    // Decided last month: not overdue, however old the follow-up.
    #expect(
      try findings(plan(decided: "2026-10-20", followedUp: "2022-01-10"), asOf: "2026-11-24", rule: "UPP-001").isEmpty)
    // The follow-up is later: it counts, through the same day two years on.
    #expect(
      try findings(plan(decided: "2023-05-01", followedUp: "2024-11-24"), asOf: "2026-11-24", rule: "UPP-001").isEmpty)
    let late = try findings(plan(decided: "2023-05-01", followedUp: "2024-11-23"), asOf: "2026-11-24", rule: "UPP-001")
    #expect(late.map { $0.outdatedSince?.description } == ["2026-11-24"])
    #expect(late.first?.location.path.description == "/uppfoljningar/0/datum")
    // The decision is later: the finding is at the decision, outdated from the day after its second year.
    let decision = try findings(
      plan(decided: "2024-02-29", followedUp: "2023-01-01"), asOf: "2026-03-01", rule: "UPP-001")
    #expect(decision.map { $0.outdatedSince?.description } == ["2026-03-01"])
    #expect(decision.first?.location.path.description == "/atgardsplan/beslut/datum")
  }

  // MARK: Statutory limits cannot be loosened

  @Test func aParameterMayTightenTheLawsIntervalButNotLoosenIt() throws {
    let tests = ConfigurationTests()
    #expect(tests.loadError("parameters:\n  lagesbild.maxAlderManader: 24\n") == nil)
    #expect(tests.loadError("parameters:\n  uppfoljning.intervallManader: 12\n") == nil)
    for name in ["lagesbild.maxAlderManader", "uppfoljning.intervallManader"] {
      let error = try #require(tests.loadError("parameters:\n  \(name): 25\n"), "\(name): 25 was accepted")
      #expect((error.line, error.column) == (2, name.count + 5))
      #expect(error.message.sv.contains("högst 24 månader"))
    }
    // An interval that is lagkoll's own rule of thumb, not the law's, may be loosened.
    #expect(tests.loadError("parameters:\n  ledning.rapportIntervallManader: 18\n") == nil)
  }

  @Test func aMessageFromAConfiguredIntervalSaysItIsTheKommunsOwnSetting() throws {
    let plain = try findings(Self.lagesbild("2025-06-01"), asOf: "2026-11-24", rule: "LB-007")
    #expect(plain.isEmpty)
    let strict = try findings(
      Self.lagesbild("2025-06-01"), asOf: "2026-11-24", parameters: ["lagesbild.maxAlderManader": 12], rule: "LB-007")
    let finding = try #require(strict.first)
    #expect(finding.outdatedSince == CivilDate("2026-06-02"))
    #expect(finding.message.text(.sv).contains("Intervallet 12 månader är kommunens egen inställning"))
    #expect(finding.message.text(.en).contains("the municipality's own setting"))
  }

  @Test func aStatutoryFindingIsSuppressedOnlyUntilADate() throws {
    let tests = ConfigurationTests()
    let error = try #require(tests.loadError("suppressions:\n  - rule: LB-007\n    reason: Ny lägesbild i mars.\n"))
    #expect(error.message.sv.contains("slutdatum"))
    #expect(
      tests.loadError("suppressions:\n  - rule: LB-007\n    reason: Ny lägesbild i mars.\n    expires: 2027-03-31\n")
        == nil)
    #expect(tests.loadError("suppressions:\n  - rule: LB-008\n    reason: Vi har bara en källa.\n") == nil)
  }
}
