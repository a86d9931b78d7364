import Foundation
import PlanDocument
import RuleEngine
import Testing

@Suite("Review: the obligation matrix")
struct ReviewMatrixTests {
  static let lagObligations = Fixture.ruleSet.obligations.filter { $0.basis == .lag }.map(\.id)

  @Test func columnsFollowTheRuleSetsObligations() {
    let matrix = Fixture.review([Fixture.sample("komplett.xml")])
    #expect(matrix.obligations.map(\.id) == Fixture.ruleSet.obligations.map(\.id))
    #expect(matrix.obligations.count == 38)
    #expect(matrix.rows.count == 1)
    #expect(matrix.rows[0].cells.count == matrix.obligations.count)
  }

  @Test func komplettMeetsEveryLegalRequirement() throws {
    let matrix = Fixture.review([Fixture.sample("komplett.xml")])
    let row = try #require(matrix.row("komplett.xml"))
    #expect(row.status == .passed)
    for id in Self.lagObligations {
      let state = try #require(matrix.state(row, id))
      #expect(state.isMet, "komplett: \(id) is \(state.rawValue)")
      // The only lag finding in komplett is the information that the current plan came after the first
      // deadline (samples/forvantat/komplett@2026-11-24.txt: AP-005).
      #expect(state == (id == "atgardsplan.forsta-beslut" ? .info : .ok), "komplett: \(id) is \(state.rawValue)")
    }
    // Nothing at all is wrong with it: every other column is ok too.
    #expect(row.cells.filter { $0 != .ok }.count == 1)
    #expect(row.kommun == "Landskrona" && row.kod == "1282" && row.lan == "Skåne län")
    #expect(!row.duplicate)
  }

  @Test func saknadeDelarHasErrorsWhereSectionsAreMissing() throws {
    let matrix = Fixture.review([Fixture.sample("saknade-delar.json")])
    let row = try #require(matrix.row("saknade-delar.json"))
    #expect(row.status == .failed)
    #expect(matrix.state(row, "atgardsplan") == .error)
    #expect(matrix.state(row, "samordningsfunktion") == .error)
    #expect(matrix.state(row, "samverkan.overenskommelser") == .error)
    #expect(matrix.state(row, "lagesbild.hela-kommunen") == .error)
    #expect(matrix.state(row, "lagesbild.kallor") == .warning)
    #expect(matrix.state(row, "lagesbild") == .ok)
  }

  @Test func beforeTheLawStatutoryColumnsAreNotApplicable() throws {
    let asOf = CivilDate(year: 2023, month: 1, day: 1)!
    let matrix = Fixture.review([Fixture.sample("fore-lagen.xml")], asOf: asOf)
    let row = try #require(matrix.row("fore-lagen.xml"))
    for id in Self.lagObligations {
      #expect(matrix.state(row, id) == .notApplicable, "\(id) on 2023-01-01")
    }
    // The document's own integrity is checked on any date.
    #expect(matrix.state(row, "dokument.referenser") == .ok)
    #expect(matrix.state(row, "dokument.kommun") == .ok)
    #expect(
      matrix.summary.meeting.enumerated().allSatisfy { index, count in
        matrix.obligations[index].basis == .dokument ? count != nil : count == nil
      })
    // The same document on a date the law applies is no longer n/a.
    let later = Fixture.review([Fixture.sample("fore-lagen.xml")])
    #expect(later.rows[0].cells.allSatisfy { $0 != .notApplicable })
  }

  @Test func officialNameAndCountyWinWhenTheCodeIsValid() throws {
    let matrix = Fixture.review([Fixture.sample("trasiga-referenser.json")])
    let row = try #require(matrix.row("trasiga-referenser.json"))
    #expect(row.kommun == "Stockholm")
    #expect(row.lan == "Stockholms län")
    #expect(row.stated?.namn == "Göteborg")
    #expect(row.nameDiffers)
    #expect(matrix.state(row, "dokument.kommun") == .error)
    #expect(matrix.state(row, "dokument.referenser") == .error)
  }

  @Test func twoDocumentsForOneMunicipalityAreBothFlagged() throws {
    let matrix = Fixture.review([
      Fixture.sample("komplett.xml"), Fixture.sample("komplett.json"), Fixture.sample("saknade-delar.xml"),
    ])
    #expect(matrix.rows.count == 3)
    #expect(matrix.row("komplett.xml")?.duplicate == true)
    #expect(matrix.row("komplett.json")?.duplicate == true)
    #expect(matrix.row("saknade-delar.xml")?.duplicate == false)
    let summary = matrix.summary
    #expect(summary.documents == 3)
    #expect(summary.municipalities == 2)
    #expect(summary.duplicates == 2)
  }

  @Test func duplicatesAreFoundByCodeEvenWhenNamesDiffer() throws {
    let folder = try Fixture.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Fixture.plan(namn: "Malmö", kod: "1280").write(
      to: folder.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
    try Fixture.plan(namn: "Malmö stad", kod: "1280").write(
      to: folder.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
    try Fixture.plan(namn: "Lund", kod: "1281").write(
      to: folder.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
    let matrix = Fixture.review([folder.path])
    #expect(matrix.rows.map(\.duplicate) == [true, true, false])
    #expect(matrix.rows.map(\.kommun) == ["Malmö", "Malmö", "Lund"])
  }

  @Test func unreadableFilesAreListedAndTheRestReviewed() throws {
    let folder = try Fixture.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "<plan xmlns=\"urn:lagkoll:plan:1\"><kommun>".write(
      to: folder.appendingPathComponent("trasig.xml"), atomically: true, encoding: .utf8)
    try "{\"name\": \"not a plan\"}".write(
      to: folder.appendingPathComponent("package.json"), atomically: true, encoding: .utf8)
    let nested = folder.appendingPathComponent("inlamnat/2026")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Fixture.sample("komplett.xml"), toPath: nested.appendingPathComponent("landskrona.xml").path)
    let matrix = Fixture.review([folder.path])
    #expect(matrix.rows.count == 3)
    let broken = try #require(matrix.row("trasig.xml"))
    #expect(broken.status == .unreadable)
    #expect(broken.readError?.kind == .malformed)
    #expect(broken.cells.isEmpty)
    let foreign = try #require(matrix.row("package.json"))
    #expect(foreign.status == .unreadable)
    #expect(foreign.readError?.kind == .foreign)
    // The folder search is recursive, and the good document is still reviewed.
    let good = try #require(matrix.row("inlamnat/2026/landskrona.xml"))
    #expect(good.status == .passed)
    #expect(matrix.report.hasUnreadable)
    #expect(matrix.summary.unreadable == 2)
    #expect(matrix.unreadable.count == 2)
    // Readable documents come first (SCB order), files without a municipality after them.
    #expect(matrix.rows.first?.path.hasSuffix("landskrona.xml") == true)
  }

  @Test func suppressedFindingsGiveTheSuppressedState() throws {
    var configuration = Configuration()
    configuration.suppressions = [
      Suppression(
        rule: "AP-001", file: nil, path: nil, reason: "Planen beslutas i december.", expires: nil, source: "test:1")
    ]
    let matrix = Fixture.review([Fixture.sample("saknade-delar.json")], configuration: configuration)
    let row = try #require(matrix.rows.first)
    #expect(matrix.state(row, "atgardsplan") == .suppressed)
    #expect(ObligationState.suppressed.isMet)
    // Without the suppression the same cell is an error.
    let plain = Fixture.review([Fixture.sample("saknade-delar.json")])
    #expect(plain.state(plain.rows[0], "atgardsplan") == .error)
  }

  @Test func theWorstFindingWins() throws {
    // forra-mandatperioden breaks the two-year duty of 6 § (errors) and guidance (warnings);
    // trasiga-referenser has errors in dokument.*.
    let matrix = Fixture.review([Fixture.sample("forra-mandatperioden.xml"), Fixture.sample("trasiga-referenser.xml")])
    let old = try #require(matrix.row("forra-mandatperioden.xml"))
    #expect(matrix.state(old, "atgardsplan.aktuell") == .warning)
    #expect(matrix.state(old, "lagesbild.aktualitet") == .error)
    #expect(matrix.state(old, "uppfoljning.genomford") == .error)
    #expect(old.status == .failed)
    let broken = try #require(matrix.row("trasiga-referenser.xml"))
    // dokument.datum holds both errors and nothing milder; atgardsplan.forsta-beslut only info.
    #expect(matrix.state(broken, "dokument.datum") == .error)
    #expect(matrix.state(broken, "atgardsplan.forsta-beslut") == .info)
  }

  @Test func summaryCountsMunicipalitiesOutdatedAndOverdue() throws {
    let matrix = Fixture.review([Fixture.samples.path])
    let summary = matrix.summary
    // Six plans, each in its three forms (xml, json, docx).
    #expect(summary.documents == 18)
    #expect(summary.municipalities == 6)
    #expect(summary.unreadable == 0)
    let atgardsplan = try #require(matrix.column(of: "atgardsplan"))
    // Every municipality but Ånge (saknade-delar) has a decided plan.
    #expect(summary.meeting[atgardsplan] == 5)
    let forum = try #require(matrix.column(of: "samverkan.forum"))
    // A strategic council led by the kommun: all but Ånge (no samverkan) and Tranås (fore-lagen, which
    // does not say who leads its council: a warning).
    #expect(summary.meeting[forum] == 4)
    // Outdated: Trollhättan, Tranås (plan and lägesbild), Hudiksvall (agreement expired: outdatedSince).
    let outdated = Set(matrix.documents.filter(matrix.isOutdated).compactMap(\.kommun))
    #expect(outdated == ["Trollhättan", "Tranås", "Hudiksvall"])
    #expect(summary.outdated == 3)
    let overdue = Set(matrix.documents.filter(matrix.isFollowUpOverdue).compactMap(\.kommun))
    #expect(overdue == ["Trollhättan", "Tranås"])
    #expect(summary.followUpsOverdue == 2)
    // Rows come in SCB code order: Stockholm (0180) first, Ånge (2260) last.
    #expect(matrix.rows.first?.kod == "0180")
    #expect(matrix.rows.last?.kod == "2260")
  }
}
