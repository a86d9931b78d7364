import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlanDocument
import Reporting
import RuleEngine
import Testing

@testable import LagkollServer

@Suite struct SelfCheckPageTests {
  static let boundary = "----lagkoll-test-7d3f"
  static let formType = "multipart/form-data; boundary=\(boundary)"

  @Test func pageIsSwedishFirstWithAnEnglishSwitch() async throws {
    try await Fixture.application().test(.router) { client in
      try await client.execute(uri: "/", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        let page = response.text
        #expect(page.contains("lang=\"sv\">\n<head>"))
        #expect(page.contains("Ingenting sparas."))
        #expect(page.contains("enctype=\"multipart/form-data\""))
        #expect(page.contains("href=\"/?lang=en\""))
        #expect(page.contains("<label for=\"plan\">"))
        #expect(page.contains("/api/v1/template.xml"))
        #expect(page.contains("/api/v1/schema.xsd"))
        #expect(!page.contains("<script"))
        #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
      }
      try await client.execute(uri: "/?lang=en", method: .get) { response in
        #expect(response.text.contains("lang=\"en\">\n<head>"))
        #expect(response.text.contains("Nothing is stored."))
        #expect(response.text.contains("href=\"/?lang=sv\""))
      }
    }
  }

  @Test func uploadShowsTheReportOfCheckFormatHTML() async throws {
    let bytes = Fixture.sample("saknade-delar.xml")
    let body = multipartBody(
      boundary: Self.boundary,
      fields: [
        ("ui", nil, Array("sv".utf8)), ("plan", "C:\\Users\\x\\saknade-delar.xml", bytes), ("text", nil, []),
        ("asOf", nil, Array("2026-03-01".utf8)), ("lang", nil, Array("en".utf8)),
      ])
    // The same page `lagkoll check --format html --lang en` writes for the file.
    let checker = PlanChecker(ruleSet: Fixture.ruleSet, options: EvaluationOptions(asOf: Fixture.asOf))
    let report = checker.check(bytes: bytes, name: "saknade-delar.xml", format: .xml)
    let expected = HTMLReporter(language: .en, ruleSet: Fixture.ruleSet).render(report)
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/", method: .post, headers: [.contentType: Self.formType], body: ByteBuffer(bytes: body)
      ) { response in
        #expect(response.status == .ok)
        let page = response.text
        #expect(
          page == AccessibilityStatement.linked(from: SelfCheckPage.reportPage(expected, language: .sv), language: .sv))
        #expect(page.contains("<footer><p class=\"statement\"><a href=\"/tillganglighet\">"))
        #expect(page.contains("Not ready"))
        #expect(page.contains("saknade-delar.xml"))
        #expect(!page.contains("Users"))
        #expect(page.contains("<nav class=\"lagkoll-server\""))
        #expect(page.contains("Kontrollera en plan till"))
      }
    }
  }

  @Test func pastedTextIsChecked() async throws {
    let text = String(decoding: Fixture.sample("komplett.json"), as: UTF8.self)
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._")
    let body = "ui=en&asOf=2026-03-01&lang=en&text=" + text.addingPercentEncoding(withAllowedCharacters: allowed)!
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: body)
      ) { response in
        #expect(response.status == .ok)
        #expect(response.text.contains("pasted text"))
        #expect(response.text.contains("Check another plan"))
      }
    }
  }

  @Test func emptyFormAndBadDateGiveTheFormWithANotice() async throws {
    try await Fixture.application().test(.router) { client in
      let empty = multipartBody(boundary: Self.boundary, fields: [("ui", nil, Array("en".utf8)), ("plan", "", [])])
      try await client.execute(
        uri: "/", method: .post, headers: [.contentType: Self.formType], body: ByteBuffer(bytes: empty)
      ) { response in
        #expect(response.status == .badRequest)
        #expect(response.text.contains("role=\"alert\""))
        #expect(response.text.contains("no plan was sent"))
        #expect(response.text.contains("<form"))
      }
      let badDate = multipartBody(
        boundary: Self.boundary,
        fields: [("asOf", nil, Array("<b>31/2</b>".utf8)), ("plan", "p.xml", Fixture.sample("komplett.xml"))])
      try await client.execute(
        uri: "/", method: .post, headers: [.contentType: Self.formType], body: ByteBuffer(bytes: badDate)
      ) { response in
        #expect(response.status == .badRequest)
        #expect(response.text.contains("&lt;b&gt;31/2&lt;/b&gt;"))
        #expect(!response.text.contains("<b>31/2"))
      }
    }
  }

  @Test func unreadableUploadIs422WithThePlace() async throws {
    let body = multipartBody(
      boundary: Self.boundary,
      fields: [
        ("ui", nil, Array("en".utf8)), ("lang", nil, Array("en".utf8)),
        ("plan", "trasig.json", Array("{\n  \"formatversion\": 1,,\n}".utf8)),
      ])
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/", method: .post, headers: [.contentType: Self.formType], body: ByteBuffer(bytes: body)
      ) { response in
        #expect(response.status == .unprocessableContent)
        // The form again, the reader's reason and place in its notice, the file field pointing at it.
        #expect(response.text.contains("trasig.json, line 2, column"))
        #expect(response.text.contains("role=\"alert\""))
        #expect(response.text.contains("<form"))
        #expect(response.text.contains("aria-describedby=\"plan-hint fel\" aria-invalid=\"true\""))
      }
    }
  }

  /// Markup and script in a plan's fields stay text: escaped in the report, never an element.
  @Test func hostilePlanTextIsInert() async throws {
    var plan = String(decoding: Fixture.sample("saknade-delar.xml"), as: UTF8.self)
    let hostile = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;\"'&gt;"
    let names = try #require(plan.range(of: #"<namn>[^<]*</namn>"#, options: .regularExpression))
    plan.replaceSubrange(names, with: "<namn>\(hostile)</namn>")
    let body = multipartBody(
      boundary: Self.boundary, fields: [("plan", "<b onmouseover=alert(3)>.xml", Array(plan.utf8))])
    try await Fixture.application().test(.router) { client in
      try await client.execute(
        uri: "/", method: .post, headers: [.contentType: Self.formType], body: ByteBuffer(bytes: body)
      ) { response in
        let page = response.text
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&lt;b onmouseover=alert(3)&gt;.xml"))
        #expect(!page.contains("<b "))
      }
    }
  }

  @Test func unknownPageIsAnHTML404() async throws {
    try await Fixture.application().test(.router) { client in
      try await client.execute(uri: "/nothing-here", method: .get) { response in
        #expect(response.status == .notFound)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        #expect(response.text.contains("sidan finns inte"))
      }
    }
  }
}

@Suite struct FormDataTests {
  @Test func multipartFieldsWithFileNames() throws {
    let body = multipartBody(
      boundary: "b0undary",
      fields: [("plan", "plan.xml", Array("<a>\r\n--b0und</a>".utf8)), ("asOf", nil, Array("2026-01-01".utf8))])
    let form = try #require(FormData.parse(body, contentType: "multipart/form-data; boundary=\"b0undary\""))
    #expect(form.field("plan")?.fileName == "plan.xml")
    #expect(form.field("plan")?.value == Array("<a>\r\n--b0und</a>".utf8))
    #expect(form.text("asOf") == "2026-01-01")
  }

  @Test func malformedMultipartIsRefused() {
    #expect(FormData.parse(Array("--x\r\nno end".utf8), contentType: "multipart/form-data; boundary=x") == nil)
    #expect(FormData.parse(Array("anything".utf8), contentType: "multipart/form-data") == nil)
    #expect(FormData.parse(Array("a=b".utf8), contentType: "text/plain") == nil)
  }

  @Test func urlEncoded() throws {
    let form = try #require(
      FormData.parse(Array("a=%C3%A5+x&b=&c".utf8), contentType: "application/x-www-form-urlencoded"))
    #expect(form.text("a") == "å x")
    #expect(form.text("b") == "")
    #expect(form.text("c") == "")
    #expect(FormData.parse(Array("a=%G1".utf8), contentType: "application/x-www-form-urlencoded") == nil)
  }

  @Test func uploadNamesLoseTheirFolders() {
    #expect(SelfCheckRoutes.uploadName("C:\\plans\\malmo.xml", .sv) == "malmo.xml")
    #expect(SelfCheckRoutes.uploadName("../../etc/passwd", .en) == "passwd")
    #expect(SelfCheckRoutes.uploadName(nil, .en) == "uploaded file")
  }
}

/// Stored findings as the service's pages show them: by obligation, each with its basis.
@Suite struct StoredFindingsViewTests {
  static func finding(_ obligation: String, basis: String, sfs: String?) -> StoredFinding {
    StoredFinding(
      recorded: ReportDocument.Finding(
        ruleId: "X-1", obligation: obligation, basis: basis, severity: "warning", message: "<b>text</b> =1+1",
        reference: ReportDocument.Citation(
          sfs: sfs, paragraf: sfs.map { _ in "4" }, source: sfs == nil ? "Brå" : nil, title: sfs == nil ? "Guide" : nil,
          verified: true, summary: ""),
        location: ReportDocument.Location(line: 3, column: 4, path: "/a/b")))
  }

  @Test func groupedByObligationInTheRuleSetsOrderWithTheirBasis() {
    let html = StoredFindingsView(ruleSet: Fixture.ruleSet, language: .sv).render([
      Self.finding("lagesbild.kallor", basis: "vägledning", sfs: nil),
      Self.finding("lagesbild", basis: "lag", sfs: "2023:196"),
    ])
    let law = try! #require(html.range(of: "id=\"skyldighet-lagesbild\""))
    let guidance = try! #require(html.range(of: "id=\"skyldighet-lagesbild.kallor\""))
    #expect(law.lowerBound < guidance.lowerBound, "the rule set's order: law first")
    #expect(
      html.contains("class=\"flag basis-lag\">lagkrav") && html.contains("class=\"flag basis-vagledning\">vägledning"))
    #expect(html.contains("class=\"flag guidance\">vägledning, inte lagkrav"), "guidance is never presented as law")
    #expect(html.contains("Lagtext: 4 §"), "the law's own words beside a statutory finding")
    #expect(html.contains("&lt;b&gt;text&lt;/b&gt; =1+1") && !html.contains("<b>"))
  }
}
