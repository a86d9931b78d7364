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
    let clock = AuthorizationTests.clock  // 2026-11-16
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
      let page = try await client.execute(uri: "/lan/12?sedan=2026-11-01&asOf=2026-11-16", method: .get, headers: reviewer) {
        $0.text
      }
      let section = try #require(page.range(of: "id=\"andringar\"")).upperBound
      #expect(page[section...].contains("(1 återkallad)") && page[section...].contains("/kommun/1282"))
      // As of a day before the withdrawal, the plan stood: the matrix then is the matrix now.
      let then = try await client.execute(uri: "/lan/12.csv?asOf=2026-11-05", method: .get, headers: reviewer) { $0.text }
      #expect(then.contains(String(old.id.prefix(8))))
      let now = try await client.execute(uri: "/lan/12.csv?asOf=2026-11-16", method: .get, headers: reviewer) { $0.text }
      #expect(!now.contains(String(old.id.prefix(8))))
    }
    await world.database.close()
  }
}
