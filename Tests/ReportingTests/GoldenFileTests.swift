import PlanDocument
import Reporting
import RuleEngine
import Testing

/// Every format in both languages against its golden file under Golden/. To regenerate after an
/// intended change: `LAGKOLL_UPDATE_GOLDEN=1 swift test --filter ReportingTests`, then review the diff.
@Suite struct GoldenFileTests {
  static let cases: [(OutputFormat, Language)] = OutputFormat.allCases.flatMap { format in
    Language.allCases.map { (format, $0) }
  }

  @Test(arguments: GoldenFileTests.cases)
  func matchesGoldenFile(format: OutputFormat, language: Language) throws {
    let reporter = format.reporter(language: language, ruleSet: ReportFixture.ruleSet, color: false)
    let output = reporter.render(ReportFixture.report)
    try Golden.check(output, "\(format.rawValue).\(language.rawValue).\(format.fileExtension)")
  }

  @Test func everyFormatHasAReporter() {
    #expect(OutputFormat.allCases.map(\.rawValue) == ["text", "json", "sarif", "junit", "github", "markdown", "html"])
    for format in OutputFormat.allCases {
      let output = format.reporter(language: .sv, ruleSet: ReportFixture.ruleSet, color: false).render(
        ReportFixture.report)
      #expect(!output.isEmpty, "\(format)")
      #expect(output.hasSuffix("\n"), "\(format) ends with a line break")
    }
  }

  @Test func colourOnlyInText() {
    let coloured = OutputFormat.text.reporter(language: .sv, ruleSet: ReportFixture.ruleSet, color: true).render(
      ReportFixture.report)
    #expect(coloured.contains("\u{1B}[31;1m"))
    for format in OutputFormat.allCases where format != .text {
      let output = format.reporter(language: .sv, ruleSet: ReportFixture.ruleSet, color: true).render(
        ReportFixture.report)
      #expect(!output.contains("\u{1B}"), "\(format) holds no raw escape character")
    }
  }
}
