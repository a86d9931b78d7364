import Foundation
import Testing

/// `lagkoll review` as a user runs it: exit codes, formats, the output file.
@Suite("Review: the command")
struct ReviewCommandTests {
  @Test func exitCodesFollowCheck() throws {
    // Findings at the error level: 1.
    let samples = try Binary.run("lagkoll", ["review", "samples", "--as-of", "2026-11-24"])
    #expect(samples.status == 1, "\(samples.stderr)")
    #expect(samples.text.contains("Landskrona"))
    // Nothing at the error level: 0.
    let komplett = try Binary.run("lagkoll", ["review", "samples/komplett.xml", "samples/komplett.json", "--as-of", "2026-11-24"])
    #expect(komplett.status == 0, "\(komplett.stderr)")
    // --fail-on never: 0; --fail-on info: komplett has an info finding, so 1.
    #expect(try Binary.run("lagkoll", ["review", "samples", "--as-of", "2026-11-24", "--fail-on", "never"]).status == 0)
    #expect(try Binary.run("lagkoll", ["review", "samples/komplett.xml", "--as-of", "2026-11-24", "--fail-on", "info"]).status == 1)
  }

  @Test func anUnreadableFileGivesExitThreeAndTheRestIsReviewed() throws {
    let folder = try Fixture.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "<plan xmlns=\"urn:lagkoll:plan:1\"><kommun>".write(to: folder.appendingPathComponent("trasig.xml"), atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(atPath: Fixture.sample("komplett.xml"), toPath: folder.appendingPathComponent("komplett.xml").path)
    try "{\"name\": \"x\"}".write(to: folder.appendingPathComponent("package.json"), atomically: true, encoding: .utf8)
    let output = try Binary.run("lagkoll", ["review", folder.path, "--as-of", "2026-11-24", "--format", "csv"])
    #expect(output.status == 3)
    let text = output.text
    #expect(text.contains(",komplett.xml,ready,") || text.contains("/komplett.xml,ready,"))
    #expect(text.contains("trasig.xml,unreadable,"))
    #expect(text.contains("package.json,unreadable,"))
    // With --skip-foreign the foreign file is skipped, the broken plan still counts.
    let skipping = try Binary.run("lagkoll", ["review", folder.path, "--as-of", "2026-11-24", "--skip-foreign"])
    #expect(skipping.status == 3)
    #expect(skipping.text.contains("Hoppades över (inte plandokument):"))
    try FileManager.default.removeItem(at: folder.appendingPathComponent("trasig.xml"))
    #expect(try Binary.run("lagkoll", ["review", folder.path, "--as-of", "2026-11-24", "--skip-foreign"]).status == 0)
  }

  @Test func everyFormatRendersAndOutputGoesToAFile() throws {
    let folder = try Fixture.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    for format in ["html", "markdown", "csv", "json", "text"] {
      let file = folder.appendingPathComponent("granskning.\(format)")
      let output = try Binary.run("lagkoll", ["review", "samples", "--as-of", "2026-11-24", "--format", format, "--output", file.path, "--lang", "en"])
      #expect(output.status == 1, "\(format): \(output.stderr)")
      #expect(output.stdout.isEmpty)
      let data = try Data(contentsOf: file)
      #expect(data.count > 1000, "\(format) output is too small")
      #expect(String(decoding: data, as: UTF8.self).contains("Landskrona"))
    }
    let csv = try Data(contentsOf: folder.appendingPathComponent("granskning.csv"))
    #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let plain = try Binary.run("lagkoll", ["review", "samples/komplett.xml", "--as-of", "2026-11-24", "--format", "csv", "--no-bom"])
    #expect(plain.text.hasPrefix("kommun,kod,lan,fil,status,lagesbild,"))
    let bad = try Binary.run("lagkoll", ["review", "samples", "--format", "pdf"])
    #expect(bad.status == 2)
  }

  @Test func theRulesAsOfADateDecideNotApplicable() throws {
    let output = try Binary.run("lagkoll", ["review", "samples/fore-lagen.json", "--as-of", "2023-01-01", "--format", "csv", "--no-bom"])
    #expect(output.status == 0)
    let row = output.text.components(separatedBy: "\r\n")[1].components(separatedBy: ",")
    #expect(row[5...18].allSatisfy { $0 == "n/a" })
    #expect(row[35...].allSatisfy { $0 == "ok" })
  }
}
