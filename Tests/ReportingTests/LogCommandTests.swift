import Foundation
import PlanDocument
import RuleEngine
import Testing

@testable import Reporting
@testable import RuleEngine

/// Issue 14, item 4: reports stay inert where they are read. The text report is what the pre-commit
/// hook prints into CI logs, where `##[error …]` anywhere in a line and `::` at the start of one are
/// commands; the county CSV is opened by double-click in Swedish Excel, which splits on `;`.
@Suite("Reports hold no CI log command and no spreadsheet formula")
struct LogCommandTests {
  /// A report whose every piece of document text carries a command: file name, kommun, message, error.
  static var hostileReport: CheckReport {
    let finding = ReportFixture.finding(
      "AP-010",
      LocalizedText(
        sv: "Åtgärden \"x ##[error]pwned ##vso[task.setvariable variable=a]b\" saknar ansvarig.",
        en: "x ##[error]pwned ##vso[task.setvariable variable=a]b"),
      file: "::error::fil.json", line: 3, column: 4, path: "/atgardsplan")
    return CheckReport(
      asOf: ReportFixture.asOf, rulesetVersion: "test", failOn: .error,
      files: [
        FileResult(
          path: "::error::fil.json", format: .json,
          kommun: KommunInfo(namn: "::warning::Ort", kod: "##[error]", lan: nil),
          status: .failed, findings: [finding], readError: nil),
        FileResult(
          path: "  ::notice::trasig.xml", format: .xml, kommun: nil, status: .unreadable, findings: [],
          readError: ReadError(.malformed, sv: "fel ##[group]x", en: "error ##[group]x", at: nil)),
      ])
  }

  /// Whether a line would be a command in GitHub Actions or Azure Pipelines.
  static func isCommand(_ line: Substring) -> Bool {
    line.drop { $0 == " " || $0 == "\t" }.hasPrefix("::") || line.lowercased().contains("##[")
      || line.lowercased().contains("##vso[")
  }

  @Test(arguments: Language.allCases)
  func theTextReportHoldsNoLogCommand(language: Language) {
    let output = TextReporter(language: language).render(Self.hostileReport)
    for line in output.split(separator: "\n") { #expect(!Self.isCommand(line), "\(line)") }
    // Still readable: the escapes are visible and say what stood there.
    #expect(output.contains("\\u{3a}:error::fil.json"))
    #expect(output.contains("#\\u{23}[error]pwned"))
    #expect(output.contains("#\\u{23}vso[task"))
  }

  @Test func theReviewTextAndCSVHoldNoLogCommand() {
    let matrix = ReviewMatrix(report: Self.hostileReport, ruleSet: ReportFixture.ruleSet)
    for output in [
      ReviewTextReporter(language: .sv).render(matrix), ReviewCSVReporter(byteOrderMark: false).render(matrix),
    ] {
      for line in output.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
        #expect(!Self.isCommand(line), "\(line)")
      }
    }
  }

  @Test(arguments: Language.allCases)
  func theMarkdownReportHoldsNoLogCommand(language: Language) {
    var report = Self.hostileReport
    report.files[1].readError = ReadError(.io, sv: "::error::pwned", en: "::error::pwned", at: nil)
    let matrix = ReviewMatrix(report: report, ruleSet: ReportFixture.ruleSet)
    for output in [
      MarkdownReporter(language: language, ruleSet: ReportFixture.ruleSet).render(report),
      ReviewMarkdownReporter(language: language).render(matrix),
    ] {
      for line in output.split(separator: "\n") { #expect(!Self.isCommand(line), "\(line)") }
    }
  }

  @Test func theGitHubFormatDefusesTheOlderCommandForm() {
    let output = GitHubReporter(language: .sv, ruleSet: ReportFixture.ruleSet).render(Self.hostileReport)
    for line in output.split(separator: "\n") {
      #expect(!line.lowercased().contains("##[") && !line.lowercased().contains("##vso["), "\(line)")
    }
  }

  @Test func jsonAndXMLReadBackTheSameTextWithoutACommand() throws {
    var out = ""
    JSONValue.writeString("a ##[error]b ###vso[x]", into: &out)
    #expect(!out.contains("##"))
    #expect(
      try JSONSerialization.jsonObject(with: Data(out.utf8), options: .fragmentsAllowed) as? String
        == "a ##[error]b ###vso[x]")
    let xml = Escape.xml("a ##[error]b")
    #expect(!xml.contains("##"))
    #expect(xml == "a #&#35;[error]b")
    let json = JSONReporter(language: .sv).render(Self.hostileReport)
    #expect(!json.contains("##["))
    let junit = JUnitReporter(language: .sv, ruleSet: ReportFixture.ruleSet).render(Self.hostileReport)
    #expect(!junit.contains("##["))
  }

  @Test func logSafeLeavesOrdinaryTextAlone() {
    for text in ["## Rubrik", "C# och F#", "kl. 10:30", "a::b", "#1 [bilaga]", "Malmö"] {
      #expect(Escape.logSafe(text) == text)
    }
    #expect(Escape.logSafe("  ::set-output") == "  \\u{3a}:set-output")
    #expect(Escape.logSafe("###[x]") == "##\\u{23}[x]")
    #expect(Escape.logSafe("##VSO[x]") == "#\\u{23}VSO[x]")
  }

  @Test func csvQuotesTheSwedishListSeparatorAndNeutralisesFormulasAfterIt() {
    #expect(ReviewCSVReporter.field("Ort;=1+1") == "\"Ort;'=1+1\"")
    #expect(ReviewCSVReporter.field("plan;+46.json") == "\"plan;'+46.json\"")
    #expect(ReviewCSVReporter.field("a, @SUM(1)") == "\"a, '@SUM(1)\"")
    #expect(ReviewCSVReporter.field("  =1+1") == "  '=1+1")
    #expect(ReviewCSVReporter.field("\u{FF1D}1+1") == "'\u{FF1D}1+1")
    #expect(ReviewCSVReporter.field("a\t=b") == "\"a\t'=b\"")
    #expect(ReviewCSVReporter.field("Ort;Län") == "\"Ort;Län\"")
    #expect(ReviewCSVReporter.field("e-post") == "e-post")
    // Split on `;` as Swedish Excel does (quotes ignored, the worst case): no piece starts a formula.
    let line = ["Ort;=1+1", "x.json;-2", "ok"].map(ReviewCSVReporter.field).joined(separator: ",")
    for piece in line.split(whereSeparator: { $0 == ";" || $0 == "," }) {
      let start = piece.drop { $0 == " " || $0 == "\"" }
      #expect(!(start.first.map { "=+-@".contains($0) } ?? false), "\(piece) in \(line)")
    }
  }
}
