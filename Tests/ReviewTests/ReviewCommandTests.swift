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
    let komplett = try Binary.run(
      "lagkoll", ["review", "samples/komplett.xml", "samples/komplett.json", "--as-of", "2026-11-24"])
    #expect(komplett.status == 0, "\(komplett.stderr)")
    // --fail-on never: 0; --fail-on info: komplett has an info finding, so 1.
    #expect(
      try Binary.run("lagkoll", ["review", "samples", "--as-of", "2026-11-24", "--fail-on", "never"]).status == 0)
    #expect(
      try Binary.run("lagkoll", ["review", "samples/komplett.xml", "--as-of", "2026-11-24", "--fail-on", "info"]).status
        == 1)
  }

  @Test func anUnreadableFileGivesExitThreeAndTheRestIsReviewed() throws {
    let folder = try Fixture.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "<plan xmlns=\"urn:lagkoll:plan:1\"><kommun>".write(
      to: folder.appendingPathComponent("trasig.xml"), atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(
      atPath: Fixture.sample("komplett.xml"), toPath: folder.appendingPathComponent("komplett.xml").path)
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
      let output = try Binary.run(
        "lagkoll",
        ["review", "samples", "--as-of", "2026-11-24", "--format", format, "--output", file.path, "--lang", "en"])
      #expect(output.status == 1, "\(format): \(output.stderr)")
      #expect(output.stdout.isEmpty)
      let data = try Data(contentsOf: file)
      #expect(data.count > 1000, "\(format) output is too small")
      #expect(String(decoding: data, as: UTF8.self).contains("Landskrona"))
    }
    let csv = try Data(contentsOf: folder.appendingPathComponent("granskning.csv"))
    #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let plain = try Binary.run(
      "lagkoll", ["review", "samples/komplett.xml", "--as-of", "2026-11-24", "--format", "csv", "--no-bom"])
    #expect(plain.text.hasPrefix("kommun,kod,lan,fil,status,lagesbild,"))
    let bad = try Binary.run("lagkoll", ["review", "samples", "--format", "pdf"])
    #expect(bad.status == 2)
  }

  @Test func theRulesAsOfADateDecideNotApplicable() throws {
    let output = try Binary.run(
      "lagkoll", ["review", "samples/fore-lagen.json", "--as-of", "2023-01-01", "--format", "csv", "--no-bom"])
    #expect(output.status == 0)
    let row = output.text.components(separatedBy: "\r\n")[1].components(separatedBy: ",")
    // Before the act, no statutory duty (20 columns) nor guidance (14) applies; the document's own
    // integrity (4) does.
    #expect(row.count == 5 + 38)
    #expect(row[5...38].allSatisfy { $0 == "n/a" })
    #expect(row[39...].allSatisfy { $0 == "ok" })
  }
}

/// One look for every report, and a matrix a county reviewer can work with: one page shell, one
/// stylesheet and one set of symbols for the check and the review page; headings that stay in view;
/// rows grouped by county with a subtotal; one county with `--lan`; paths that wrap at `/`.
@Suite("Review: the page and the county")
struct ReviewPageTests {
  static let asOf = ["--as-of", "2026-11-24"]

  @Test func lanLimitsTheReviewToOneCounty() throws {
    for county in ["12", "Skåne", "skåne län", "Skåne län"] {
      let result = try Binary.run("lagkoll", ["review", "samples", "--lan", county, "--format", "json"] + Self.asOf)
      let json = try #require(
        try JSONSerialization.jsonObject(with: Data(result.text.utf8)) as? [String: Any], "\(county)")
      let rows = try #require(json["rows"] as? [[String: Any]])
      // komplett in its three forms (xml, json, docx): the only Skåne plan among the samples.
      #expect(rows.count == 3, "--lan \(county): \(rows.map { $0["kommun"] ?? "?" })")
      #expect(rows.allSatisfy { $0["lan"] as? String == "Skåne län" })
    }
    let html = try Binary.run("lagkoll", ["review", "samples", "--lan", "12", "--format", "html"] + Self.asOf).text
    #expect(html.contains("Skåne län (12)"))
    #expect(html.contains("dokument från andra län utelämnade"))
    let unknown = try Binary.run("lagkoll", ["review", "samples", "--lan", "99"] + Self.asOf)
    #expect(unknown.status == 2)
    #expect(
      unknown.stderr.contains("okänt län \"99\" för --lan") && unknown.stderr.contains("12 Skåne län"),
      "\(unknown.stderr)")
  }

  @Test func theMatrixIsGroupedByCountyWithSubtotals() throws {
    let html = try Binary.run("lagkoll", ["review", "samples", "--format", "html"] + Self.asOf).text
    let counties = [
      "Stockholms län (01)", "Jönköpings län (06)", "Skåne län (12)", "Västra Götalands län (14)",
      "Gävleborgs län (21)", "Västernorrlands län (22)",
    ]
    var position = html.startIndex
    for county in counties {
      let range = try #require(
        html.range(of: "<span class=\"county-label\">\(county)", range: position..<html.endIndex),
        "\(county) missing or out of order")
      position = range.upperBound
    }
    #expect(html.components(separatedBy: "<tr class=\"county-head\">").count - 1 == counties.count)
    #expect(html.components(separatedBy: "<tr class=\"subtotal\">").count - 1 == counties.count)
    #expect(html.contains("Delsumma Skåne län (12): dokument som uppfyller (av 3)"))
    // The headings stay in view while the matrix scrolls.
    #expect(html.contains(".matrix thead th { background: var(--paper); position: sticky; top: 0;"))
    // Paths wrap at /, not inside a name.
    #expect(html.contains("<span class=\"file\">") && html.contains("samples/<wbr/>"))
    #expect(!html.contains("overflow-wrap: anywhere; max-width: 22em"))
    #expect(!html.contains("word-break: break-all"))
  }

  @Test func bothPagesShareOneShellStylesheetAndSymbols() throws {
    let check = try Binary.run("lagkoll", ["check", "samples", "--format", "html"] + Self.asOf).text
    let review = try Binary.run("lagkoll", ["review", "samples", "--format", "html"] + Self.asOf).text
    for page in [check, review] {
      #expect(page.contains(":root {\n  --ink: #1d2330;"), "the shared stylesheet")
      #expect(page.contains("html { font-size: 15px;"))
      #expect(
        page.contains(
          "<header>\n<p class=\"eyebrow\">Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete</p>"))
      for retired in ["✓", "✗", "⚠", ">!<", ">s<"] {
        #expect(!page.contains(retired), "symbol \(retired) outside the shared set")
      }
      #expect(page.contains("✖ Fel") && page.contains("▲ Varning"))
    }
    // Sizes are in rem in the shared stylesheet, not px (but for hairline borders).
    let style = try #require(
      check.components(separatedBy: "<style>").dropFirst().first?.components(separatedBy: "</style>").first)
    let pxSizes = style.components(separatedBy: "px").dropLast().filter { part in
      let number = part.reversed().prefix { $0.isNumber || $0 == "." }
      return !number.isEmpty && !["1", "2", "3", "4", "5", "15"].contains(String(number.reversed()))
    }
    #expect(pxSizes.isEmpty, "px sizes beside rem: \(pxSizes.map { String($0.suffix(30)) })")
  }
}
