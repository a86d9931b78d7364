import Foundation
import Hummingbird
import HummingbirdTesting
import LagkollServer
import Logging
import RuleEngine
import Store
import Testing

/// The kommun and county pages: history, what changed, the 6 § panel, the matrix, the CSV, and plan
/// text that stays inert in all of them.
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
      #expect(page.components(separatedBy: "<tr>").count - 1 == 3, "header and two submissions")

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
    }
    await database.close()
  }
}
