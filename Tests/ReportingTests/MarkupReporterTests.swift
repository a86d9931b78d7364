import Foundation
import PlanDocument
import Reporting
import RuleEngine
import Testing

/// HTML and JUnit: well-formed XML, text from documents escaped, nothing loaded from elsewhere.
@Suite struct MarkupReporterTests {
  static func html(_ language: Language = .sv) -> String {
    HTMLReporter(language: language, ruleSet: ReportFixture.ruleSet).render(ReportFixture.report)
  }

  static func junit(_ language: Language = .sv) -> String {
    JUnitReporter(language: language, ruleSet: ReportFixture.ruleSet).render(ReportFixture.report)
  }

  @Test(arguments: Language.allCases)
  func htmlIsWellFormedAndSelfContained(language: Language) throws {
    let page = Self.html(language)
    let parsed = try #require(XMLCollector.parse(page), "the HTML is not well-formed XML")
    #expect(
      page.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"\(language.rawValue)\">"))

    let allowed: Set<String> = [
      "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section", "h1", "h2", "p", "dl",
      "dt", "dd", "div", "ul", "li", "span", "table", "thead", "tbody", "tr", "th", "td", "a", "br", "wbr", "code",
      "details", "summary", "blockquote",
    ]
    for element in parsed.elements {
      #expect(allowed.contains(element.name), "unexpected element <\(element.name)>")
      for (name, value) in element.attributes {
        #expect(!name.lowercased().hasPrefix("on"), "event handler \(name)")
        #expect(!["src", "style", "srcset", "action", "formaction"].contains(name.lowercased()), "attribute \(name)")
        if name == "href" {
          #expect(value.hasPrefix("#") || value.hasPrefix("https://"), "link \(value)")
        }
      }
    }
    let lower = page.lowercased()
    #expect(!lower.contains("<script"))
    #expect(!lower.contains("url("))
    #expect(!lower.contains("@import"))
    #expect(!lower.contains(" src="))
    #expect(page.contains("Content-Security-Policy"))
    #expect(page.contains("@media print"))
    #expect(page.contains("size: A4"))

    // The hostile text is there, as text.
    #expect(parsed.text.contains("<script>alert('x')</script>"))
    #expect(parsed.text.contains("Malmö <script>alert(1)</script>"))
    #expect(parsed.text.contains("\\u{1b}[31m"), "a terminal escape shows as a visible escape")
    #expect(parsed.text.contains("\\u{202e}txet"), "a bidirectional override shows as a visible escape")
    #expect(!page.contains("\u{1B}"))
    #expect(!page.contains("\u{202E}"))

    if Tooling.hasXmllint {
      let result = try Tooling.run(["xmllint", "--noout", "--nonet", "-"], input: page)
      #expect(result.status == 0, "xmllint: \(result.stderr)")
    }
  }

  @Test func htmlShowsSeverityAsTextAndSuppressedFindingsAsSuch() throws {
    let page = Self.html()
    #expect(page.contains("<span class=\"sev error\">✖ Fel</span>"))
    #expect(page.contains("<span class=\"sev warning\">▲ Varning</span>"))
    #expect(page.contains("<span class=\"sev info\">ℹ Info</span>"))
    #expect(page.contains("<tr class=\"sev-error suppressed\">"))
    #expect(page.contains("⊘ Undantaget"))
    #expect(
      page.contains("Undantaget: Beslut i KF väntas &lt;december&gt; &amp; klart (gäller till och med 2027-06-30)"))
    #expect(!page.contains("? ej verifierad"))
    let unverified = HTMLReporter(language: .sv, ruleSet: ReportFixture.ruleSet)
      .render(ReportFixture.reportCitingAnUnverifiedParagraph)
    #expect(unverified.contains("? ej verifierad"))
    #expect(page.contains("✔ verifierad mot lagtexten"))
    #expect(page.contains("Inaktuellt sedan 2026-07-01"))
  }

  /// A statutory finding carries the cited paragraph's own words, folded in a <details>; guidance does not.
  @Test func htmlShowsTheLawsTextWithStatutoryFindings() throws {
    let page = Self.html()
    #expect(page.contains("<details class=\"lawtext\"><summary>Lagtext: 4 § SFS 2023:196</summary>"))
    #expect(page.contains("<p>1. en kartläggning av brottsligheten, dess omfattning och konsekvenser,</p>"))
    #expect(page.contains("<p>Kommuner ska, med lägesbilden som underlag, besluta om en plan"))
    let english = Self.html(.en)
    #expect(english.contains("<summary>The law (Swedish): 4 § SFS 2023:196</summary><blockquote lang=\"sv\">"))
    // The guidance finding's row (AP-010) has no law text.
    let row = try #require(page.components(separatedBy: "<tr").first { $0.contains(">AP-010</span>") })
    #expect(!row.contains("lawtext"))
  }

  @Test(arguments: Language.allCases)
  func junitIsWellFormedWithConsistentCounts(language: Language) throws {
    let xml = Self.junit(language)
    let parsed = try #require(XMLCollector.parse(xml), "the JUnit report is not well-formed XML")
    let suites = parsed.named("testsuite")
    #expect(suites.count == 5)
    #expect(parsed.named("testcase").count == 1 + 6 + 1 + 1 + 1)
    // Malmö fails on its two unsuppressed errors; KONFIG-001 and AP-010 are warnings below --fail-on
    // error; the suppressed AP-001 is skipped.
    #expect(suites[0].attributes["tests"] == "6")
    #expect(suites[0].attributes["failures"] == "2")
    #expect(suites[0].attributes["skipped"] == "1")
    #expect(suites[1].attributes["failures"] == "0")
    #expect(suites[3].attributes["errors"] == "1")
    #expect(suites[4].attributes["skipped"] == "1")
    let root = try #require(parsed.named("testsuites").first)
    #expect(root.attributes["tests"] == "10")
    #expect(root.attributes["failures"] == "2")
    #expect(root.attributes["errors"] == "1")
    #expect(root.attributes["skipped"] == "2")

    let failures = parsed.named("failure")
    #expect(failures.count == 2)
    #expect(failures.contains { $0.attributes["message"]?.contains("<script>alert('x')</script>\" & <b>") == true })
    #expect(parsed.text.contains("]]>"), "a CDATA end in a plan is plain text")
    #expect(!xml.contains("\u{1B}"))
    #expect(!xml.contains("<![CDATA["))

    if Tooling.hasXmllint {
      let result = try Tooling.run(["xmllint", "--noout", "--nonet", "-"], input: xml)
      #expect(result.status == 0, "xmllint: \(result.stderr)")
    }
  }

  @Test func junitCleanFilePassesWithOneTestCase() throws {
    var report = ReportFixture.report
    report.files = [report.files[1]]
    let parsed = try #require(
      XMLCollector.parse(JUnitReporter(language: .sv, ruleSet: ReportFixture.ruleSet).render(report)))
    let cases = parsed.named("testcase")
    #expect(cases.count == 1)
    #expect(cases.first?.attributes["name"] == "Klar att lämna in")
    #expect(cases.first?.attributes["classname"] == "plans/lund.json")
    #expect(parsed.named("failure").isEmpty && parsed.named("error").isEmpty && parsed.named("skipped").isEmpty)
  }

  @Test func junitCountsErrorsAsFailuresWhateverFailOnSays() throws {
    // --fail-on never decides the exit code only: a plan with an error is never a passing suite.
    var report = ReportFixture.report
    report.failOn = nil
    let parsed = try #require(
      XMLCollector.parse(JUnitReporter(language: .en, ruleSet: ReportFixture.ruleSet).render(report)))
    let errors = report.files.flatMap(\.findings).filter { $0.severity == .error && $0.suppression == nil }.count
    #expect(errors > 0)
    #expect(parsed.named("failure").count == errors)
    #expect(parsed.named("failure").allSatisfy { $0.attributes["type"] == "error" })
    #expect(parsed.named("error").count == 1, "an unreadable file is still an error")
    // A stricter --fail-on adds the warnings.
    report.failOn = .warning
    let strict = try #require(
      XMLCollector.parse(JUnitReporter(language: .en, ruleSet: ReportFixture.ruleSet).render(report)))
    #expect(strict.named("failure").count > errors)
  }

  @Test func junitAttributesKeepLineBreaksAsReferences() {
    let xml = Self.junit()
    // A line break inside an attribute value would be normalised to a space by any XML parser.
    #expect(xml.contains("&lt;b&gt;mer&lt;/b&gt;&#10;::error::pwned"))
    for line in xml.split(separator: "\n") where line.hasPrefix("::") {
      Issue.record("a line of the JUnit report starts with \"::\": \(line)")
    }
  }
}
