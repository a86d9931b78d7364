import Foundation
import PlanDocument
import RuleEngine
import Testing

@testable import Reporting

/// GitHub workflow commands, Markdown, JSON and text: text from documents never becomes a command,
/// markup or a cell of its own; suppressed findings are listed but not counted.
@Suite struct TextReporterTests {
  @Test(arguments: Language.allCases)
  func githubInjectedNewlineStartsNoCommand(language: Language) {
    let output = GitHubReporter(language: language, ruleSet: ReportFixture.ruleSet).render(ReportFixture.report)
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    // Six unsuppressed findings, one unreadable file, the configuration notice, the summary.
    #expect(lines.count == 6 + 1 + 1 + 1)
    for line in lines.dropLast() {
      #expect(
        line.hasPrefix("::error file=") || line.hasPrefix("::warning file=") || line.hasPrefix("::notice file=")
          || line.hasPrefix("::notice title=lagkoll .lagkoll.yaml::"),
        "\(line)")
      #expect(!line.contains("\r"))
    }
    #expect(lines.last?.hasPrefix("lagkoll: 5 ") == true)
    #expect(!lines.contains { $0.hasPrefix("::error::") })
    #expect(output.contains("%0A::error::pwned"))
    #expect(!output.contains("\u{1B}"))
    #expect(!output.contains("\u{202E}"))
  }

  @Test func githubEscapesPropertiesAndData() {
    let output = GitHubReporter(language: .sv, ruleSet: ReportFixture.ruleSet).render(ReportFixture.report)
    let first = output.split(separator: "\n").first.map(String.init) ?? ""
    #expect(first.hasPrefix("::error file=plans/Malmö plan.xml,line=1,col=1,title=LB-001 · 4 § SFS 2023%3A196::"))
    #expect(
      output.contains(
        "::warning file=plans/Malmö plan.xml,line=41,col=9,title=AP-010 · Brå%3A Brås stöd för åtgärdsplan::"))
    #expect(output.contains("100%25, klart: ja%0D%0Arad två"), "% CR LF encoded in the message; : and , kept")
    #expect(output.contains("::notice file=plans/Malmö plan.xml,line=3,col=5,"))
    #expect(!output.contains("AP-001 ·"), "a suppressed finding gets no annotation")
    #expect(output.hasSuffix("lagkoll: 5 filer, 2 fel, 3 varningar, 1 info, 1 undantaget (per 2026-11-24)\n"))
    #expect(Escape.githubProperty("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae")
    #expect(Escape.githubData("a:b,c%d\r\ne") == "a:b,c%25d%0D%0Ae")
  }

  @Test(arguments: Language.allCases)
  func markdownTableRowsStayRows(language: Language) {
    let output = MarkdownReporter(language: language, ruleSet: ReportFixture.ruleSet).render(ReportFixture.report)
    let rows = output.split(separator: "\n").filter {
      $0.hasPrefix("| ") && !$0.hasPrefix("| Fil") && !$0.hasPrefix("| File")
    }
    // Seven findings in six-column tables, five files in the three-column overview, and the two headers.
    let findingRows = rows.filter { Self.cells($0) == 6 }
    #expect(findingRows.count == 7 + 1 + 1)
    #expect(rows.filter { Self.cells($0) == 3 }.count == 5)
    #expect(rows.allSatisfy { Self.cells($0) == 6 || Self.cells($0) == 3 }, "no row has extra cells")
    for line in output.split(separator: "\n") {
      #expect(!line.contains("<"), "raw < in: \(line)")
      #expect(!line.hasPrefix("::"), "\(line)")
    }
    #expect(output.contains("&lt;script&gt;alert\\('x'\\)&lt;/script&gt;"))
    #expect(output.contains("=cmd\\|' /C calc'\\!A0 \\]\\]&gt;"))
    #expect(
      output.contains("\\*fet\\* \\_kursiv\\_ \\`kod\\` \\[länk\\]\\(javascript:alert\\(1\\)\\)") || language == .en)
    #expect(!output.contains("\u{1B}"))
  }

  /// The number of cells of a table row: the pipes that are not backslash-escaped, less one.
  static func cells(_ row: Substring) -> Int {
    var count = 0
    var escaped = false
    for character in row {
      if escaped {
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "|" {
        count += 1
      }
    }
    return count - 1
  }

  @Test func markdownListsReferencesWithVerifiedFlags() {
    let output = MarkdownReporter(language: .sv, ruleSet: ReportFixture.ruleSet).render(ReportFixture.report)
    #expect(output.contains("- [4 § 1 p. SFS 2023:196](\(ReportFixture.riksdagen)): Lägesbilden innehåller"))
    #expect(output.contains("*(✔ verifierad mot lagtexten)*"))
    let unverified = MarkdownReporter(language: .sv, ruleSet: ReportFixture.ruleSet)
      .render(ReportFixture.reportCitingAnUnverifiedParagraph)
    #expect(unverified.contains("*(? ej verifierad)*"))
    #expect(!output.contains("ej verifierad"))
    #expect(output.contains("~~✖ fel~~ undantaget"))
  }

  @Test func jsonMarksSuppressedFindingsAndCountsOnlyTheOthers() throws {
    let output = JSONReporter(language: .sv).render(ReportFixture.report)
    let root = try #require(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    let files = try #require(root["files"] as? [[String: Any]])
    let findings = try #require(files[0]["findings"] as? [[String: Any]])
    let suppressed = findings.filter { $0["suppressed"] as? Bool == true }
    #expect(suppressed.count == 1)
    let suppression = try #require(suppressed.first?["suppression"] as? [String: Any])
    #expect(suppression["reason"] as? String == "Beslut i KF väntas <december> & klart")
    #expect(suppression["expires"] as? String == "2027-06-30")
    let summary = try #require(root["summary"] as? [String: Any])
    #expect(summary["errors"] as? Int == 2)
    #expect(summary["warnings"] as? Int == 3)
    #expect(summary["infos"] as? Int == 1)
  }

  @Test func countsLeaveOutSuppressedFindings() {
    let counts = FindingCounts(ReportFixture.report)
    #expect(
      counts
        == {
          var expected = FindingCounts()
          expected.errors = 2
          expected.warnings = 3
          expected.infos = 1
          expected.suppressed = 1
          return expected
        }())
    let suppressed = ReportFixture.report.files[0].findings.first { $0.isSuppressed }!
    #expect(!suppressed.fails(at: .info))
    #expect(ReportFixture.report.files[0].findings.filter { $0.fails(at: .error) }.count == 2)
    #expect(ReportFixture.report.files[0].findings.filter { $0.fails(at: .warning) }.count == 4)
    #expect(ReportFixture.report.files[0].findings.filter { $0.fails(at: nil) }.isEmpty)
  }

  @Test func textShowsSuppressionAndEscapesDocumentText() {
    let output = TextReporter(language: .sv).render(ReportFixture.report)
    #expect(output.contains("Undantaget: Beslut i KF väntas <december> & klart (gäller till och med 2027-06-30)"))
    #expect(!output.contains("\u{1B}"))
    #expect(!output.split(separator: "\n").contains { $0.hasPrefix("::") })
  }

  @Test func escaping() {
    #expect(Escape.xml("a<b>&\"'\n\u{1}\u{FFFE}") == "a&lt;b&gt;&amp;&quot;&#39;&#10;\\u{1}\\u{fffe}")
    #expect(
      Escape.markdown("a|b\nc <d> & [e](f) *g* _h_ `i` \\")
        == "a\\|b c &lt;d&gt; &amp; \\[e\\]\\(f\\) \\*g\\* \\_h\\_ \\`i\\` \\\\")
    #expect(Escape.uriPath("plans/Malmö plan#1.xml") == "plans/Malm%C3%B6%20plan%231.xml")
    #expect(Escape.markdownURL("https://x.se/a (b)") == "https://x.se/a%20%28b%29")
    #expect(Escape.oneLine("a\r\nb\tc\u{1B}") == "a b c\\u{1b}")
  }
}
