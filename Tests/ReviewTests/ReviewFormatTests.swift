import Foundation
import PlanDocument
import Reporting
import RuleEngine
import Testing
import XMLTestSupport

@Suite("Review: output formats")
struct ReviewFormatTests {
  static let samplesMatrix = Fixture.review([Fixture.samples.path])

  /// A review with hostile text in it: a municipality whose code is not real (so its own name is shown)
  /// and whose name is markup, a formula and a CSV break all at once.
  static func hostileMatrix() throws -> (ReviewMatrix, URL) {
    let folder = try Fixture.scratch()
    let hostile = "=HYPERLINK(\"http://evil.example/\",\"<script>alert(1)</script>\"), & more"
    try Fixture.plan(namn: hostile, kod: "9999", lan: "@SUM(1+1)")
      .write(to: folder.appendingPathComponent("-evil.json"), atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(
      atPath: Fixture.sample("komplett.json"), toPath: folder.appendingPathComponent("komplett.json").path)
    return (Fixture.review([folder.path]), folder)
  }

  // MARK: CSV

  @Test func csvHeaderIsExact() throws {
    let text = ReviewCSVReporter().render(Self.samplesMatrix)
    #expect(text.hasPrefix("\u{FEFF}"), "the CSV starts with a UTF-8 byte order mark, for Excel")
    let lines = text.dropFirst().components(separatedBy: "\r\n")
    let ids = Fixture.ruleSet.obligations.map(\.id).joined(separator: ",")
    #expect(lines[0] == "kommun,kod,lan,fil,status," + ids)
    #expect(lines[0].hasPrefix("kommun,kod,lan,fil,status,lagesbild,lagesbild.hela-kommunen,"))
    // 18 rows (six plans in three forms), then the final CRLF leaves one empty string.
    #expect(lines.count == 20)
    #expect(lines.last == "")
    let noBOM = ReviewCSVReporter(byteOrderMark: false).render(Self.samplesMatrix)
    #expect(noBOM.hasPrefix("kommun,kod,lan,fil,status,"))
  }

  @Test func csvRowsHoldStatesAndDuplicateMarks() throws {
    let text = ReviewCSVReporter(byteOrderMark: false).render(Self.samplesMatrix)
    let lines = text.components(separatedBy: "\r\n")
    let komplett = try #require(lines.first { $0.contains("komplett.xml") })
    let cells = komplett.components(separatedBy: ",")
    #expect(cells.count == 5 + 38)
    #expect(cells[0] == "Landskrona" && cells[1] == "1282" && cells[2] == "Skåne län")
    #expect(cells[4] == "ready dubblett")
    #expect(Set(cells[5...]) == ["ok", "info"])
    let before = ReviewCSVReporter(byteOrderMark: false).render(
      Fixture.review([Fixture.sample("fore-lagen.json")], asOf: CivilDate(year: 2023, month: 1, day: 1)!))
    let row = before.components(separatedBy: "\r\n")[1].components(separatedBy: ",")
    #expect(row[4] == "ready")
    #expect(row[5...18].allSatisfy { $0 == "n/a" })
  }

  @Test func csvNeutralisesFormulasAndQuotes() throws {
    #expect(ReviewCSVReporter.field("=1+2") == "'=1+2")
    #expect(ReviewCSVReporter.field("+46 8 123") == "'+46 8 123")
    #expect(ReviewCSVReporter.field("-2") == "'-2")
    #expect(ReviewCSVReporter.field("@SUM(A1)") == "'@SUM(A1)")
    #expect(ReviewCSVReporter.field("\tx") == "\"'\tx\"")  // a tab is a separator to some readers: quoted
    #expect(ReviewCSVReporter.field("\rx") == "\"'\rx\"")
    #expect(ReviewCSVReporter.field("a,b") == "\"a,b\"")
    #expect(ReviewCSVReporter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(ReviewCSVReporter.field("två\nrader") == "\"två\nrader\"")
    #expect(ReviewCSVReporter.field("Malmö") == "Malmö")
    #expect(ReviewCSVReporter.field("n/a") == "n/a")

    let (matrix, folder) = try Self.hostileMatrix()
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = ReviewCSVReporter(byteOrderMark: false).render(matrix)
    let row = try #require(text.components(separatedBy: "\r\n").first { $0.contains("evil") })
    // The name is quoted (it holds commas and quotes) and starts with ' inside the quotes.
    #expect(row.hasPrefix("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"<script>"))
    #expect(row.contains(",'@SUM(1+1),"))
    // No line of the output starts a formula.
    for line in text.components(separatedBy: "\r\n") {
      for prefix in ["=", "+", "-", "@"] { #expect(!line.hasPrefix(prefix)) }
    }
    // A path that itself begins with "-" is neutralised too.
    #expect(ReviewCSVReporter.field("-evil.json") == "'-evil.json")
  }

  // MARK: JSON

  @Test func jsonHasTheDocumentedShape() throws {
    let text = ReviewJSONReporter(language: .sv).render(Self.samplesMatrix)
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(Set(root.keys) == ["tool", "asOf", "ruleset", "obligations", "rows", "files", "summary"])
    #expect(root["asOf"] as? String == "2026-11-24")
    #expect((root["tool"] as? [String: Any])?["name"] as? String == "lagkoll")
    let obligations = try #require(root["obligations"] as? [[String: Any]])
    #expect(obligations.map { $0["id"] as? String } == Fixture.ruleSet.obligations.map(\.id))
    #expect(obligations.allSatisfy { $0["basis"] is String && $0["title"] is String })
    let rows = try #require(root["rows"] as? [[String: Any]])
    #expect(rows.count == 18)
    for row in rows {
      for key in ["kommun", "kod", "lan", "fil", "status", "duplicate", "cells"] {
        #expect(row[key] != nil, "row lacks \(key)")
      }
      let cells = try #require(row["cells"] as? [String: String])
      #expect(Set(cells.keys) == Set(Fixture.ruleSet.obligations.map(\.id)))
      #expect(cells.values.allSatisfy { ObligationState(rawValue: $0) != nil })
    }
    let saknade = try #require(rows.first { ($0["fil"] as? String)?.hasSuffix("saknade-delar.json") == true })
    #expect((saknade["cells"] as? [String: String])?["atgardsplan"] == "error")
    #expect(saknade["duplicate"] as? Bool == true)
    // Member order is part of the format: cells follow the obligations.
    #expect(text.range(of: "\"lagesbild\": \"ok\"")!.lowerBound < text.range(of: "\"dokument.kommun\": ")!.lowerBound)

    let files = try #require(root["files"] as? [[String: Any]])
    #expect(files.count == 18)
    let findings = files.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }
    #expect(findings.count == Self.samplesMatrix.report.files.reduce(0) { $0 + $1.findings.count })
    let finding = try #require(findings.first)
    for key in ["ruleId", "obligation", "basis", "severity", "message", "reference", "location"] {
      #expect(finding[key] != nil, "finding lacks \(key)")
    }
    let summary = try #require(root["summary"] as? [String: Any])
    #expect(summary["documents"] as? Int == 18)
    #expect(summary["municipalities"] as? Int == 6)
    #expect((summary["meetingLegalRequirements"] as? [String: Any])?["atgardsplan"] as? Int == 5)
  }

  @Test func jsonListsUnreadableFilesWithTheirError() throws {
    let folder = try Fixture.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "{\"formatversion\": \"1\", ".write(
      to: folder.appendingPathComponent("halv.json"), atomically: true, encoding: .utf8)
    let text = ReviewJSONReporter(language: .en).render(Fixture.review([folder.path]))
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let row = try #require((root["rows"] as? [[String: Any]])?.first)
    #expect(row["status"] as? String == "unreadable")
    #expect((row["error"] as? String)?.isEmpty == false)
    #expect((row["cells"] as? [String: Any])?.isEmpty == true)
    let file = try #require((root["files"] as? [[String: Any]])?.first)
    #expect((file["error"] as? [String: Any])?["kind"] as? String == "malformed")
  }

  // MARK: HTML

  /// Parses the page as XML (libxml2, through the tests' own scanner: never FoundationXML, which
  /// replaces libxml2's process-wide entity loader that the plan reader in this process relies on) and
  /// collects what the structure tests need.
  final class PageScan {
    var elements: [String: Int] = [:]
    var ids: Set<String> = []
    var hrefs: [String] = []
    var sources: [String] = []
    var matrixRowHeads: [String] = []
    var obligationHeads: [String] = []
    private var inMatrix = false
    private var inBody = false
    private var inRowHead = false
    private var text = ""

    func start(_ element: XMLEventScanner.Element) {
      let name = element.name
      let attributes = element.attributes
      elements[name, default: 0] += 1
      if let id = attributes["id"] { ids.insert(id) }
      if let href = attributes["href"] { hrefs.append(href) }
      if let src = attributes["src"] { sources.append(src) }
      let classes = (attributes["class"] ?? "").split(separator: " ")
      if name == "table", classes.contains("matrix") { inMatrix = true }
      if inMatrix, name == "tbody" { inBody = true }
      if inMatrix, name == "th", classes.contains("obl") { obligationHeads.append("") }
      if inBody, name == "th", classes.contains("who") {
        inRowHead = true
        text = ""
      }
    }

    func end(_ name: String) {
      if inRowHead, name == "th" {
        matrixRowHeads.append(text)
        inRowHead = false
      }
      if inMatrix, name == "table" {
        inMatrix = false
        inBody = false
      }
    }

    static func scan(_ html: String) throws -> PageScan {
      let scan = PageScan()
      let scanner = XMLEventScanner()
      scanner.onStart = { scan.start($0) }
      scanner.onText = { if scan.inRowHead { scan.text += $0 } }
      scanner.onEnd = { scan.end($0) }
      let error = scanner.scan(html)
      #expect(error == nil, "the page is not well-formed XML: \(error ?? "")")
      return scan
    }
  }

  @Test func htmlIsWellFormedSelfContainedAndComplete() throws {
    let matrix = Self.samplesMatrix
    let html = ReviewHTMLReporter(language: .sv, ruleSet: Fixture.ruleSet).render(matrix)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"sv\">"))
    let scan = try PageScan.scan(html)
    // No scripts, no assets from elsewhere.
    #expect(!html.lowercased().contains("<script"))
    #expect(
      scan.elements["script"] == nil && scan.elements["link"] == nil && scan.elements["img"] == nil
        && scan.elements["iframe"] == nil)
    #expect(scan.sources.isEmpty)
    #expect(!html.contains("@import") && !html.contains("url("))
    // Links are fragments on the page, or references to sources on the web (never assets).
    for href in scan.hrefs {
      #expect(href.hasPrefix("#") || href.hasPrefix("https://") || href.hasPrefix("http://"), "unexpected link \(href)")
      if href.hasPrefix("#") { #expect(scan.ids.contains(String(href.dropFirst())), "the link \(href) goes nowhere") }
    }
    // One header per obligation, each linked to its explanation.
    #expect(scan.obligationHeads.count == matrix.obligations.count)
    for obligation in matrix.obligations {
      #expect(scan.hrefs.contains("#obl-\(obligation.id)"))
      #expect(scan.ids.contains("obl-\(obligation.id)"))
    }
    // Every document a row, every municipality on the page.
    #expect(scan.matrixRowHeads.count == matrix.rows.count)
    for name in ["Stockholm", "Tranås", "Landskrona", "Trollhättan", "Hudiksvall", "Ånge"] {
      #expect(
        scan.matrixRowHeads.filter { $0.contains(name) }.count == 3, "\(name) should have three rows (xml, json, docx)")
    }
    #expect(scan.matrixRowHeads.allSatisfy { $0.contains("dubblett") })
    // Colour is never the only signal: each state's symbol is in the cells.
    for symbol in ["✔", "✖", "▲", "ℹ"] { #expect(html.contains("\">\(symbol)</td>")) }
    // The summary, the explanation (with the verified flag) and the findings are there.
    for id in ["sammanfattning", "matris", "skyldigheter", "fynd"] { #expect(scan.ids.contains(id)) }
    // Every paragraph of the act the rules cite is verified.
    #expect(html.contains("verifierad mot lagtexten") && !html.contains("ej verifierad"))
    #expect(html.contains("@page { size: A4 landscape"))
    // The obligations the statutory summary counts are all there.
    #expect(
      html.components(separatedBy: "<table class=\"duties\">")[1].components(separatedBy: "</table>")[0]
        .components(separatedBy: "<tr><td>").count - 1 == 20)
  }

  @Test func htmlEscapesEverythingFromDocuments() throws {
    let (matrix, folder) = try Self.hostileMatrix()
    defer { try? FileManager.default.removeItem(at: folder) }
    let html = ReviewHTMLReporter(language: .en, ruleSet: Fixture.ruleSet).render(matrix)
    #expect(html.contains("lang=\"en\""))
    _ = try PageScan.scan(html)
    #expect(!html.lowercased().contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!html.contains("href=\"http://evil.example/"))
    #expect(html.contains("&amp; more"))
  }

  // MARK: Text and Markdown

  @Test func textShowsACompactMatrixWithALegend() throws {
    let text = ReviewTextReporter(language: .sv).render(Self.samplesMatrix)
    let lines = text.components(separatedBy: "\n")
    let landskrona = try #require(lines.first { $0.hasPrefix("Landskrona") && $0.contains("komplett.xml") })
    // 38 symbols, one per obligation.
    let symbols = landskrona.split(separator: " ").filter { ["✔", "✖", "▲", "ℹ", "⊘", "–"].contains(String($0)) }
    #expect(symbols.count == 38)
    #expect(landskrona.contains("[dubblett]"))
    #expect(
      text.contains("Teckenförklaring: ✔ uppfyllt  ✖ fel  ▲ varning  ℹ info  ⊘ undantaget  – gäller inte per dagen"))
    #expect(text.contains("8   atgardsplan "))
    #expect(text.contains("Beslutad åtgärdsplan (lagkrav, 5 av 6)"))
    let ange = try #require(lines.first { $0.hasPrefix("Ånge") })
    #expect(ange.contains("✖"))
    let english = ReviewTextReporter(language: .en).render(Self.samplesMatrix)
    #expect(english.contains("Legend: ✔ met  ✖ error  ▲ warning  ℹ info  ⊘ suppressed"))
  }

  @Test func markdownShowsTheMatrixAsATable() throws {
    let text = ReviewMarkdownReporter(language: .sv).render(Self.samplesMatrix)
    let rows = text.components(separatedBy: "\n").filter { $0.hasPrefix("| ") && $0.contains("samples/") }
    #expect(rows.count == 18)
    for row in rows {
      // 5 fixed cells and 38 obligation cells.
      #expect(row.components(separatedBy: " |").count - 1 == 43, "\(row)")
    }
    #expect(text.contains("| 38 |\n|---|---|---|---|---|:-:|"))
    #expect(text.contains("**dubblett**"))
    #expect(text.contains("| 8 | `atgardsplan` | Beslutad åtgärdsplan | lagkrav | 5 av 6 |"))

    let (matrix, folder) = try Self.hostileMatrix()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostile = ReviewMarkdownReporter(language: .sv).render(matrix)
    #expect(!hostile.contains("<script>"))
    #expect(!hostile.contains("[\"http"))
    #expect(hostile.contains("&lt;script&gt;"))
  }
}
