import Foundation
import Hummingbird
import HummingbirdTesting
import LagkollServer
import Logging
import Reporting
import RuleEngine
import Store
import Testing

/// The kommun and county pages: history, what changed, the 6 § panel, the matrix, the CSV, and plan
/// text that stays inert in all of them.
enum KommunPageDay {
  static func day(_ date: Date) -> String { String(date.formatted(.iso8601).prefix(10)) }
}

@Suite struct ServicePageTests {
  static let hostile = "<script>alert(1)</script>=HYPERLINK(\"http://x\")"

  /// Landskrona's complete sample, and the same with its follow-ups removed and hostile text in it.
  static let fixed = Fixture.sample("komplett.xml")
  static var withGaps: [UInt8] {
    var text = String(decoding: fixed, as: UTF8.self)
    let start = text.range(of: "<uppfoljningar>")!.lowerBound
    let end = text.range(of: "</uppfoljningar>")!.upperBound
    text.replaceSubrange(start..<end, with: "")
    text = text.replacingOccurrences(
      of: "<lan>Skåne län</lan>", with: "<lan>\(hostile.replacingOccurrences(of: "<", with: "&lt;"))</lan>")
    return Array(text.utf8)
  }

  @Test func historyChangesDeadlinesMatrixAndCSV() async throws {
    let world = try await AuthorizationTests.world()
    let database = world.database
    _ = try await database.addUser(
      email: "s1282@k.se", role: .samordnare(kommun: "1282"), password: AuthorizationTests.password,
      policy: AuthorizationTests.policy, actor: "t", at: AuthorizationTests.clock)
    let token = try await database.issueToken(email: "s1282@k.se", actor: "t", at: AuthorizationTests.clock)
    try await AuthorizationTests.application(database).test(.router) { client in
      for plan in [Self.withGaps, Self.fixed] {
        try await client.execute(
          uri: "/api/v1/submissions", method: .post,
          headers: [.authorization: "Bearer \(token)", .contentType: "application/xml"], body: ByteBuffer(bytes: plan)
        ) { #expect($0.status == .created) }
      }
      let reviewer = world.headers[.granskare12]!
      let page = try await client.execute(uri: "/kommun/1282", method: .get, headers: reviewer) { $0.text }
      #expect(page.contains("Landskrona"))
      #expect(!page.contains("<script>") && !page.contains("alert(1)</script>"))
      // The fix removed findings: listed as resolved, none new.
      let resolved = try #require(page.range(of: "id=\"atgardade\">Åtgärdade ("))
      #expect(!page[resolved.upperBound...].hasPrefix("0)"))
      #expect(page.contains("id=\"nya\">Nya (0)"))
      #expect(page.contains("Fynd i den senaste inlämningen ("))
      // 6 §: komplett's newest lägesbild 2026-04-15; decision 2026-11-10 after the newest follow-up.
      #expect(page.contains("senast 2028-04-15") && page.contains("senast 2028-11-10"))
      let history = try #require(page.range(of: "<section id=\"historik\">"))
      #expect(page[history.upperBound...].components(separatedBy: "<tr class=").count - 1 == 2, "two submissions")
      // The findings are grouped by obligation, each with its basis.
      #expect(
        page.contains("class=\"obligation\" id=\"skyldighet-") && page.contains("class=\"flag basis-lag\">lagkrav"))

      let matrix = try await client.execute(uri: "/lan/12", method: .get, headers: reviewer) { $0.text }
      #expect(matrix.contains("Landskrona") && matrix.contains("Har inte lämnat in någon plan"))
      #expect(matrix.contains("Malmö"), "1280 has a submission in the world; others are listed as missing")
      #expect(!matrix.contains("<script>"))
      let csv = try await client.execute(uri: "/lan/12.csv", method: .get, headers: reviewer) { $0.text }
      let lines = csv.split(separator: "\r\n")
      #expect(lines.contains { $0.hasPrefix("Landskrona,1282,") })
      #expect(lines.contains { $0.contains(",not-submitted") })
      #expect(!csv.split(separator: ",").contains { $0.hasPrefix("=") })
      // As of a date before anything was submitted, every kommun of the county is without a plan.
      let before = try await client.execute(uri: "/lan/12.csv?asOf=2020-01-01", method: .get, headers: reviewer) {
        $0.text
      }
      #expect(before.split(separator: "\r\n").dropFirst().allSatisfy { $0.contains("not-submitted") })

      // What changed since a date: Landskrona has two new submissions; its latest links to its page.
      let history1282 = try await database.submissions(kommun: "1282")
      let latest = history1282[0]
      #expect(matrix.contains("id=\"andringar\"") && matrix.contains("href=\"/submissions/\(latest.id)\""))
      let changes = try await client.execute(
        uri: "/lan/12/andringar.csv?sedan=2026-11-01", method: .get, headers: reviewer
      ) { $0.text }
      let today = KommunPageDay.day(AuthorizationTests.clock)
      let row =
        changes.split(separator: "\r\n").first { $0.hasPrefix("Landskrona,1282,2026-11-01,\(today),2,0,\(latest.id),") }
        ?? ""
      #expect(row.contains(",ready,") && row.hasSuffix(",0"), "the latest is ready; nothing before it to resolve")
      let quiet = try await client.execute(uri: "/lan/12?sedan=\(today)", method: .get, headers: reviewer) { $0.text }
      #expect(quiet.contains("0 av "), "nothing came in after the end of the day it compares with")

      // The submission's own page: metadata, verdict, findings by obligation, a link to the bytes.
      let first = history1282[1]
      let own: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
      let submission = try await client.execute(uri: "/submissions/\(first.id)", method: .get, headers: reviewer) {
        $0.text
      }
      #expect(
        submission.contains(first.sha256) && submission.contains("s1282@k.se")
          && submission.contains(first.ruleSetVersion))
      #expect(
        submission.contains("href=\"/api/v1/submissions/\(first.id)/raw\"")
          && submission.contains("class=\"obligation\""))
      // The verdict is the page's own badge, the one every page draws, not some word in a message.
      #expect(submission.contains("<h2>\(PageShell.badge(.notReady, .sv))"))
      #expect(
        !submission.contains("<script>") && !submission.contains("id=\"aterkalla\""), "a reviewer gets no withdraw form"
      )
      #expect(
        submission.contains("&lt;script&gt;") || !String(decoding: first.bytes, as: UTF8.self).contains("&lt;script"))

      let fixedPage = try await client.execute(uri: "/submissions/\(latest.id)", method: .get, headers: reviewer) {
        $0.text
      }
      #expect(
        fixedPage.contains("href=\"/submissions/\(first.id)\"") && fixedPage.contains("Nya (0)"),
        "compared with the plan before it")
      #expect(!fixedPage.contains("Åtgärdade (0)"))
      #expect(submission.contains("ingen tidigare inlämning"), "the first has nothing to compare with")
      // In English, the same pages say so in English (the findings stay as recorded).
      let english = try await client.execute(uri: "/submissions/\(first.id)?lang=en", method: .get, headers: reviewer) {
        $0.text
      }
      #expect(
        english.contains("lang=\"en\"") && english.contains("Findings by obligation")
          && english.contains("Submitted by"))
      let county = try await client.execute(uri: "/lan/12?lang=en&sedan=2026-11-01", method: .get, headers: reviewer) {
        $0.text
      }
      #expect(
        county.contains("What changed since 2026-11-01")
          && county.contains("href=\"/submissions/\(latest.id)?lang=en\""))
      for query in ["sedan=yesterday", "sedan=2026-12-01&asOf=2026-11-01"] {
        try await client.execute(uri: "/lan/12?\(query)", method: .get, headers: reviewer) {
          #expect($0.status == .badRequest, "\(query)")
        }
      }

      // Withdrawing the fix through the API: the gaps version counts again, in the matrix and the kommun page.
      try await client.execute(
        uri: "/api/v1/submissions/\(latest.id)/withdrawal", method: .post,
        headers: own,
        body: ByteBuffer(string: "{\"reason\": \"\(Self.hostile.replacingOccurrences(of: "\"", with: "\\\""))\"}")
      ) { response in
        #expect(response.status == .ok)
        #expect((response.json?["withdrawn"] as? [String: Any])?["by"] as? String == "s1282@k.se")
      }
      try await client.execute(
        uri: "/api/v1/submissions/\(latest.id)/withdrawal", method: .post, headers: own,
        body: ByteBuffer(string: "{\"reason\": \"igen\"}")
      ) { #expect($0.status == .conflict) }
      let withdrawnPage = try await client.execute(uri: "/submissions/\(latest.id)", method: .get, headers: reviewer) {
        $0.text
      }
      #expect(
        withdrawnPage.contains("id=\"aterkallad\"") && withdrawnPage.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(!withdrawnPage.contains("<script>"))
      let after = try await client.execute(uri: "/lan/12.csv", method: .get, headers: reviewer) { $0.text }
      #expect(
        after.contains("1282 \(KommunPageDay.day(first.receivedAt)) \(first.id.prefix(8))"),
        "the earlier plan counts again")
      let kommun = try await client.execute(uri: "/kommun/1282", method: .get, headers: reviewer) { $0.text }
      #expect(kommun.contains("återkallad") && kommun.contains("Det behövs två inlämningar"))
      #expect(try await database.submission(id: latest.id)?.bytes == Self.fixed, "the withdrawn bytes stay")
    }
    await database.close()
  }
}
