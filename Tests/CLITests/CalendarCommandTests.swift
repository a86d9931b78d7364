import Foundation
import Testing

/// `lagkoll calendar` as a user runs it: formats, the date window, reminders, the kommun's own interval,
/// and files it cannot read (exit 3, named, the other files' dates still given).
@Suite("lagkoll calendar")
struct CalendarCommandTests: ScratchFolder {
  let temporary = CalendarCommandTests.make("lagkoll-calendar")

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func dates(_ report: [String: Any]) -> [[String: Any]] {
    ((report["files"] as? [[String: Any]]) ?? []).flatMap { ($0["dates"] as? [[String: Any]]) ?? [] }
  }

  @Test func jsonGivesEachDateWithItsBasisAndRule() throws {
    let output = try LagkollBinary.run([
      "calendar", "--as-of", "2026-12-07", "--format", "json", "samples/komplett.xml",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    let dates = Self.dates(try Self.json(output.stdout))
    let lagesbild = try #require(dates.first { $0["ruleId"] as? String == "LB-007" })
    #expect(lagesbild["due"] as? String == "2028-04-15" && lagesbild["overdueSince"] as? String == "2028-04-16")
    #expect(lagesbild["basis"] as? String == "lag" && lagesbild["status"] as? String == "coming")
    #expect((lagesbild["reference"] as? [String: Any])?["paragraf"] as? String == "6")
    #expect((lagesbild["interval"] as? [String: Any])?["source"] as? String == "law")
    // Guidance is guidance, with its source.
    let agreement = try #require(dates.first { $0["ruleId"] as? String == "SV-003" })
    #expect(agreement["basis"] as? String == "vägledning")
    #expect((agreement["reference"] as? [String: Any])?["source"] as? String == "Polisen")
    // 13 §: the law asks for continuous reporting; the 12 months are lagkoll's rule of thumb.
    let report = try #require(dates.first { $0["ruleId"] as? String == "LED-006" })
    #expect((report["interval"] as? [String: Any])?["source"] as? String == "ruleOfThumb")
  }

  @Test func theKommunsOwnIntervalMovesTheDateAndSaysSo() throws {
    let config = try write(".lagkoll.yaml", "parameters:\n  lagesbild.maxAlderManader: 12\n")
    let output = try LagkollBinary.run([
      "calendar", "--as-of", "2026-12-07", "--format", "text", "--config", config, "samples/komplett.xml",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("2027-04-15  Lägesbilden uppdateras minst vartannat år"), "\(output.stdout)")
    #expect(
      output.stdout.contains(
        "12 månader, kommunens egen inställning (lagesbild.maxAlderManader i .lagkoll.yaml); lagens gräns är 24 månader"
      ))
  }

  @Test func theWindowAndTheReminders() throws {
    let window = try LagkollBinary.run([
      "calendar", "--as-of", "2026-12-07", "--format", "json", "--from", "2027-01-01", "--to", "2027-12-31",
      "samples/komplett.xml",
    ])
    let dues = Self.dates(try Self.json(window.stdout)).compactMap { $0["due"] as? String }
    #expect(!dues.isEmpty && dues.allSatisfy { $0 >= "2027-01-01" && $0 <= "2027-12-31" }, "\(dues)")
    let one = try LagkollBinary.run(["calendar", "--as-of", "2026-12-07", "--alarm-days", "30", "samples/komplett.xml"])
    #expect(one.stdout.contains("TRIGGER:-P30D\r\n") && !one.stdout.contains("-P90D"))
    let none = try LagkollBinary.run([
      "calendar", "--as-of", "2026-12-07", "--alarm-days", "none", "samples/komplett.xml",
    ])
    #expect(none.status == 0 && !none.stdout.contains("VALARM") && none.stdout.contains("BEGIN:VEVENT"))
    for bad in [
      ["--alarm-days", "-3"], ["--alarm-days", "x"], ["--from", "2027-02-30"],
      ["--from", "2028-01-01", "--to", "2027-01-01"],
    ] {
      let output = try LagkollBinary.run(["calendar"] + bad + ["samples/komplett.xml"])
      #expect(output.status == 2, "\(bad): \(output.stderr)")
    }
  }

  @Test func anUnreadableFileIsExit3AndNamedAndTheOthersStillCount() throws {
    let broken = try write("trasig.json", "{\"formatversion\": 1, \"lagesbilder\": [\n")
    for format in ["ics", "text", "json"] {
      let output = try LagkollBinary.run([
        "calendar", "--as-of", "2026-12-07", "--format", format, broken, "samples/komplett.xml",
      ])
      #expect(output.status == 3, "\(format): \(output.stderr)")
      #expect(output.stderr.contains("trasig.json:"), "\(format): \(output.stderr)")
      #expect(
        output.stdout.contains("2028") || output.stdout.contains("20280415"),
        "the readable file's dates are still given")
      if format != "ics" { #expect(output.stdout.contains("trasig.json")) }
    }
    let missing = try LagkollBinary.run(["calendar", temporary.appendingPathComponent("finns-inte.xml").path])
    #expect(missing.status == 3)
  }

  @Test func overdueDatesAreListedWithoutReminders() throws {
    let output = try LagkollBinary.run([
      "calendar", "--as-of", "2026-12-07", "--format", "text", "samples/forra-mandatperioden.xml",
    ])
    #expect(output.status == 0)
    #expect(output.stdout.contains("Försenat\n  2025-12-31"), "\(output.stdout)")
    #expect(output.stdout.contains("försenat sedan 2026-10-15"))
    let english = try LagkollBinary.run([
      "calendar", "--as-of", "2026-12-07", "--lang", "en", "samples/forra-mandatperioden.xml",
    ])
    #expect(english.stdout.contains("SUMMARY:Overdue since 2026-10-15: "))
    // No reminder before a date that has passed.
    let events = english.stdout.components(separatedBy: "BEGIN:VEVENT").dropFirst()
    for event in events where event.contains("SUMMARY:Overdue") { #expect(!event.contains("VALARM")) }
  }
}
