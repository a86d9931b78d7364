import Foundation
import Hummingbird
import HummingbirdTesting
import LagkollServer
import RuleEngine
import Store
import Testing

/// The county page's "what changed since" and its CSV: withdrawals, verdicts as of the matrix date.
@Suite struct CountyChangesTests {
  static let day: TimeInterval = 86400

  /// A plan received before `sedan` and withdrawn inside the window is a change: it stood at the start
  /// and does not at the end. The matrix as of a date before the withdrawal still shows it.
  @Test func withdrawalInsideTheWindowIsAChange() async throws {
    let world = try await AuthorizationTests.world()
    let clock = AuthorizationTests.clock  // 2026-11-18
    let old = try await world.database.submit(
      AuthorizationTests.new("1282", "s@k.se"), at: clock.addingTimeInterval(-20 * Self.day))
    _ = try await world.database.withdraw(
      id: old.id, by: "s@k.se", reason: "fel fil", at: clock.addingTimeInterval(-5 * Self.day))
    let reviewer = world.headers[.granskare12]!
    try await AuthorizationTests.application(world.database).test(.router) { client in
      let csv = try await client.execute(
        uri: "/lan/12/andringar.csv?sedan=2026-11-01&asOf=2026-11-16", method: .get, headers: reviewer
      ) { $0.text }
      let row = csv.split(separator: "\r\n").first { $0.hasPrefix("Landskrona,1282,") } ?? ""
      #expect(row == "Landskrona,1282,2026-11-01,2026-11-16,0,1,,,not-submitted,0,0", "\(row)")
      let page = try await client.execute(
        uri: "/lan/12?sedan=2026-11-01&asOf=2026-11-16", method: .get, headers: reviewer
      ) {
        $0.text
      }
      let section = try #require(page.range(of: "id=\"andringar\"")).upperBound
      #expect(page[section...].contains("(1 återkallad)") && page[section...].contains("/kommun/1282"))
      // As of a day before the withdrawal, the plan stood: the matrix then is the matrix now.
      let then = try await client.execute(uri: "/lan/12.csv?asOf=2026-11-05", method: .get, headers: reviewer) {
        $0.text
      }
      #expect(then.contains(String(old.id.prefix(8))))
      let now = try await client.execute(uri: "/lan/12.csv?asOf=2026-11-18", method: .get, headers: reviewer) {
        $0.text
      }
      #expect(!now.contains(String(old.id.prefix(8))))
    }
    await world.database.close()
  }

  /// A plan ready when it came in, whose newest lägesbild is more than two years old as of the
  /// matrix date, is not ready then: in the changes table and in andringar.csv alike.
  @Test func verdictIsAsOfTheMatrixDate() async throws {
    let world = try await AuthorizationTests.world()
    let ready = try await world.database.submit(
      NewSubmission(
        kommun: "1282", submitter: "s@k.se", ruleSetVersion: "t", contentType: "application/xml",
        bytes: ServicePageTests.fixed, findings: "{\"files\":[{\"verdict\":\"ready\"}]}", errors: 0, warnings: 0,
        ready: true, planDatum: nil),
      at: AuthorizationTests.clock)
    let reviewer = world.headers[.granskare12]!
    // komplett's newest lägesbild is 2026-04-15: more than two years old on 2028-05-01.
    let query = "sedan=2026-11-01&asOf=2028-05-01"
    try await AuthorizationTests.application(world.database).test(.router) { client in
      let csv = try await client.execute(uri: "/lan/12/andringar.csv?\(query)", method: .get, headers: reviewer) {
        $0.text
      }
      let row = csv.split(separator: "\r\n").first { $0.hasPrefix("Landskrona,1282,") } ?? ""
      #expect(row.contains(",\(ready.id),") && row.contains(",not-ready,"), "\(row)")
      let page = try await client.execute(uri: "/lan/12?\(query)", method: .get, headers: reviewer) { $0.text }
      let section = try #require(page.range(of: "<table class=\"changes\">")).upperBound
      let tableRow = page[section...].split(separator: "\n").first { $0.contains("/kommun/1282") } ?? ""
      #expect(tableRow.contains("Inte klar") && !tableRow.contains(" Klar<"), "\(tableRow)")
      // As of the day it came in, the same plan is ready in both, in the review CSV's words.
      let then = try await client.execute(
        uri: "/lan/12/andringar.csv?sedan=2026-11-01&asOf=2026-11-18", method: .get, headers: reviewer
      ) { $0.text }
      let thenRow = then.split(separator: "\r\n").first { $0.hasPrefix("Landskrona,1282,") } ?? ""
      let review = try await client.execute(uri: "/lan/12.csv?asOf=2026-11-18", method: .get, headers: reviewer) {
        $0.text
      }
      let reviewStatus = review.split(separator: "\r\n").first { $0.hasPrefix("Landskrona,1282,") }?.split(
        separator: ","
      ).dropFirst(4).first
      #expect(reviewStatus.map { thenRow.contains(",\($0),") } == true, "\(thenRow) vs \(reviewStatus ?? "-")")
    }
    await world.database.close()
  }

  /// A whole report as JSONReporter writes it, around `findings` (the server reads it back as a ReportDocument).
  static func report(verdict: String, findings: String) -> String {
    """
    {"tool": {"name": "lagkoll", "version": "0.1.0"}, "asOf": "2026-11-18", "ruleset": {"version": "t"},
     "files": [{"kommun": null, "status": "\(verdict == "ready" ? "passed" : "failed")", "verdict": "\(verdict)",
     "findings": [\(findings)]}],
     "summary": {"files": 1, "errors": 0, "warnings": 0, "infos": 0, "ready": 0, "outdated": 0, "notReady": 0,
     "unreadable": 0, "skipped": 0}}
    """
  }

  /// New findings take the colour of the worst of them: a new info finding is not shown as an error.
  @Test func newFindingsAreColouredByTheirWorstSeverity() async throws {
    for (severity, expected) in [
      ("info", "<details class=\"nya\">"), ("warning", "<details class=\"nya warning\">"),
      ("error", "<details class=\"nya error\">"),
    ] {
      let world = try await AuthorizationTests.world()
      let clock = AuthorizationTests.clock  // 2026-11-18
      func submission(_ findings: String) -> NewSubmission {
        NewSubmission(
          kommun: "1282", submitter: "s@k.se", ruleSetVersion: "t", contentType: "application/xml",
          bytes: ServicePageTests.fixed, findings: Self.report(verdict: "ready", findings: findings),
          errors: 0, warnings: 0, ready: true, planDatum: nil)
      }
      _ = try await world.database.submit(submission(""), at: clock.addingTimeInterval(-20 * Self.day))
      _ = try await world.database.submit(
        submission(
          """
          {"ruleId": "AP-005", "obligation": "atgardsplan", "basis": "lag", "severity": "\(severity)", "message": "m",
           "reference": {"sfs": "2023:196", "paragraf": "5", "verified": true, "summary": "s"},
           "location": {"line": 1, "column": 1, "path": "/x"}}
          """),
        at: clock.addingTimeInterval(-2 * Self.day))
      try await AuthorizationTests.application(world.database).test(.router) { client in
        let page = try await client.execute(
          uri: "/lan/12?sedan=2026-11-01&asOf=2026-11-18", method: .get, headers: world.headers[.granskare12]!
        ) { $0.text }
        let section = try #require(page.range(of: "<table class=\"changes\">")).upperBound
        #expect(page[section...].contains(expected), "\(severity)")
        // One stylesheet, in the head (a <style> in the body is not HTML), and the signed-in bar first.
        let body = try #require(page.range(of: "<body>")).upperBound
        #expect(page.components(separatedBy: "<style>").count == 2 && !page[body...].contains("<style>"))
        let bar = try #require(page.range(of: "<nav class=\"account\"")).lowerBound
        #expect(bar < (page.range(of: "id=\"sammanfattning\"")?.lowerBound ?? page.startIndex))
      }
      await world.database.close()
    }
  }
}

/// Withdrawal reasons and e-mail addresses go into the audit log: control and format characters are
/// refused with a clear message, on the form and the API alike.
@Suite struct ControlCharacterTests {
  @Test func withdrawalReasonWithAControlCharacterIsRefused() async throws {
    let world = try await AuthorizationTests.world()
    var json = world.headers[.samordnare0180]!
    let csrf = try #require(json[.init("X-CSRF-Token")!])
    json[.contentType] = "application/json"
    let headers = json
    try await AuthorizationTests.application(world.database).test(.router) { client in
      for reason in ["fel fil\n2026-01-01T00:00:00.000Z\tadmin@k.se", "fel \u{202E}lif", "fel\u{200B}fil"] {
        let body = try JSONSerialization.data(withJSONObject: ["reason": reason])
        try await client.execute(
          uri: "/api/v1/submissions/\(world.submission0180)/withdrawal", method: .post, headers: headers,
          body: ByteBuffer(bytes: Array(body))
        ) { response in
          #expect(response.status == .unprocessableContent, "\(reason.debugDescription)")
          #expect(response.text.contains("styr- eller formattecken"))
        }
      }
      var form = headers
      form[.contentType] = "application/x-www-form-urlencoded"
      try await client.execute(
        uri: "/submissions/\(world.submission0180)/withdraw", method: .post, headers: form,
        body: AdminPageTests.form([("csrf", csrf), ("reason", "fel\r\nfil")])
      ) { response in
        #expect(response.status == .unprocessableContent)
        // The page again, the message announced and tied to the field.
        #expect(response.text.contains("<div class=\"notice\" role=\"alert\" id=\"fel\"><p>skälet får inte"))
        #expect(response.text.contains("id=\"reason\" name=\"reason\""))
        #expect(response.text.contains("aria-invalid=\"true\" aria-describedby=\"fel\""))
      }
    }
    #expect(try await world.database.submission(id: world.submission0180)?.withdrawal == nil)
    await world.database.close()
  }

  @Test func adminFormRefusesAControlCharacterInTheAddress() async throws {
    let world = try await AuthorizationTests.world()
    var headers = world.headers[.admin]!
    let csrf = try #require(headers[.init("X-CSRF-Token")!])
    headers[.contentType] = "application/x-www-form-urlencoded"
    let admin = headers
    try await AuthorizationTests.application(world.database).test(.router) { client in
      try await client.execute(
        uri: "/admin/users", method: .post, headers: admin,
        body: AdminPageTests.form([
          ("csrf", csrf), ("email", "ny\u{202E}@k.se"), ("password", AuthorizationTests.password), ("role", "admin"),
        ])
      ) { response in
        #expect(response.status == .unprocessableContent)
        #expect(response.text.contains("styr- eller formattecken"))
      }
    }
    #expect(try await world.database.user(email: "ny\u{202E}@k.se") == nil)
    await world.database.close()
  }
}

/// A "done" notice says what the data says, not what a link says.
@Suite struct NoticeTests {
  @Test func noticesOnlyForWhatHappened() async throws {
    let world = try await AuthorizationTests.world()
    let admin = world.headers[.admin]!
    try await AuthorizationTests.application(world.database).test(.router) { client in
      let forged = try await client.execute(
        uri: "/submissions/\(world.submission0180)?aterkallad=1", method: .get, headers: admin
      ) { $0.text }
      #expect(!forged.contains("Inlämningen är återkallad."), "not withdrawn: no notice")
      for query in ["ny=Ring%20oss%20p%C3%A5%20070", "ny=nobody@x.se", "avstangd=s1280@k.se", "ny=d@k.se"] {
        let page = try await client.execute(uri: "/admin/users?\(query)", method: .get, headers: admin) { $0.text }
        #expect(!page.contains("class=\"notice ok\""), "\(query)")
      }
      // The real ones: d@k.se is disabled in the world, s1280@k.se is an active user.
      let disabled = try await client.execute(uri: "/admin/users?avstangd=D@k.se", method: .get, headers: admin) {
        $0.text
      }
      #expect(disabled.contains("class=\"notice ok\"") && disabled.contains("Användaren d@k.se är avstängd."))
      let added = try await client.execute(uri: "/admin/users?ny=s1280@k.se", method: .get, headers: admin) { $0.text }
      #expect(added.contains("Användaren s1280@k.se är tillagd."))
    }
    _ = try await world.database.withdraw(
      id: world.submission0180, by: "a@k.se", reason: "fel fil", at: AuthorizationTests.clock)
    try await AuthorizationTests.application(world.database).test(.router) { client in
      let real = try await client.execute(
        uri: "/submissions/\(world.submission0180)?aterkallad=1", method: .get, headers: admin
      ) { $0.text }
      #expect(real.contains("Inlämningen är återkallad."))
    }
    await world.database.close()
  }
}

/// When the database cannot be written, the answer says what was not done.
@Suite struct StoreProblemTests {
  @Test func aFailedWithdrawalSaysTheWithdrawalFailed() async throws {
    let world = try await AuthorizationTests.world()
    let path = world.database.path
    await world.database.close()
    let readOnly = try await Database.open(path: "file:\(path)?mode=ro")
    try await AuthorizationTests.application(readOnly).test(.router) { client in
      var headers = world.headers[.bearer0180]!
      headers[.contentType] = "application/json"
      try await client.execute(
        uri: "/api/v1/submissions/\(world.submission0180)/withdrawal", method: .post, headers: headers,
        body: ByteBuffer(string: "{\"reason\": \"fel fil\"}")
      ) { response in
        #expect(response.status == .serviceUnavailable)
        #expect(
          response.text.contains("kunde inte återkallas") && !response.text.contains("inte mottagen"),
          "\(response.text)")
      }
    }
    await readOnly.close()
  }
}

/// Findings recorded under an obligation the current rule set does not know.
@Suite struct UnknownObligationTests {
  @Test func anUnknownObligationIsNotPresentedAsLaw() async throws {
    let world = try await AuthorizationTests.world()
    // A whole report as JSONReporter writes it (the server reads it back as a ReportDocument).
    let finding = """
      {"ruleId": "XX-001", "obligation": "gammal.skyldighet", "basis": "vägledning", "severity": "error",
       "message": "gammalt fynd", "reference": {"source": "Brå", "title": "Gammal vägledning", "verified": false,
       "summary": "gammal sammanfattning"}, "location": {"line": 1, "column": 1, "path": "/plan"}}
      """
    let stored = try await world.database.submit(
      NewSubmission(
        kommun: "0180", submitter: "s0180@k.se", ruleSetVersion: "gammal", contentType: "application/xml",
        bytes: AuthorizationTests.plan("0180"),
        findings: """
          {"tool": {"name": "lagkoll", "version": "0.1.0"}, "asOf": "2026-11-18", "ruleset": {"version": "gammal"},
           "files": [{"kommun": null, "status": "failed", "verdict": "not-ready", "findings": [\(finding)]}],
           "summary": {"files": 1, "errors": 1, "warnings": 0, "infos": 0, "ready": 0, "outdated": 0,
           "notReady": 1, "unreadable": 0, "skipped": 0}}
          """,
        errors: 1, warnings: 0, ready: false, planDatum: nil),
      at: AuthorizationTests.clock)
    try await AuthorizationTests.application(world.database).test(.router) { client in
      let page = try await client.execute(
        uri: "/submissions/\(stored.id)", method: .get, headers: world.headers[.admin]!
      ) {
        $0.text
      }
      let start = try #require(page.range(of: "id=\"skyldighet-gammal.skyldighet\"")).upperBound
      let heading = page[start...].prefix { $0 != "\n" }
      let next = page[start...].dropFirst(heading.count + 1).prefix { $0 != "\n" }
      // It keeps the basis it was recorded with (a report always records one), never law by default.
      #expect(next.contains("gammal.skyldighet") && !next.contains("basis-lag"), "\(next)")
      #expect(page.contains("gammalt fynd"))
    }
    await world.database.close()
  }
}
