import Foundation
import Store
import Testing

/// Text from people in one-line records: control and format characters are refused where they come
/// in and shown as visible escapes in the audit line, whatever got stored.
@Suite struct PlainTextTests {
  static let forged =
    "fel fil\n2026-01-01T00:00:00.000Z\tadmin@k.se\twithdrawal\tx\tok\t\u{202E}lif lef\u{200B}\u{1B}[2J\u{85}"

  @Test func auditLineNeutralisesEveryControlAndFormatCharacter() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    let stored = try await database.submit(plan("0180"), at: t0)
    _ = try await database.withdraw(id: stored.id, by: "a\tb", reason: Self.forged, at: t0)
    let line = try #require(try await database.auditLog().last).line
    await database.close()
    #expect(!line.contains("\n") && !line.unicodeScalars.contains { $0.properties.generalCategory == .format })
    #expect(line.split(separator: "\t", omittingEmptySubsequences: false).count == 6, "six fields, no more")
    #expect(line.contains("\\u{a}2026-01-01") && line.contains("\\u{202e}lif lef\\u{200b}\\u{1b}[2J\\u{85}"))
    #expect(line.contains("a\\u{9}b"))
    #expect(PlainText.hasControl(Self.forged) && !PlainText.hasControl("Malmö stad, fel fil (v2)"))
  }

  @Test func addUserRefusesControlCharactersInTheAddress() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    for email in ["a\n@k.se", "a\u{202E}@k.se", "a\u{0}@k.se"] {
      await #expect(throws: AccountError.invalidEmail(email)) {
        _ = try await database.addUser(
          email: email, role: .admin, password: "ett långt lösenord 1", policy: testPolicy,
          actor: "root", at: t0)
      }
    }
    #expect(try await database.users().isEmpty)
    await database.close()
  }
}

/// The county page's queries: bound to the county's kommuner, and without the plans' bytes where
/// only the findings are needed.
@Suite struct BoundedQueryTests {
  @Test func latestAndPeriodAreLimitedToTheKommunerAndCanSkipTheBytes() async throws {
    let database = try await Database.open(path: try temporaryDatabase())
    let a = try await database.submit(plan("0180", "<a/>"), at: t0)
    _ = try await database.submit(plan("1280", "<b/>"), at: t0)
    let c = try await database.submit(plan("1282", "<c/>"), at: t0.addingTimeInterval(60))
    let latest = try await database.latestSubmissions(
      asOf: t0.addingTimeInterval(90), kommuner: ["0180", "1282"], bytes: false)
    #expect(latest.mapValues(\.id) == ["0180": a.id, "1282": c.id])
    #expect(latest.values.allSatisfy { $0.bytes.isEmpty && !$0.findings.isEmpty && !$0.sha256.isEmpty })
    #expect(
      try await database.latestSubmissions(asOf: t0.addingTimeInterval(90), kommuner: ["0180"])["0180"]?.bytes
        == a.bytes)
    #expect(try await database.latestSubmissions(asOf: t0.addingTimeInterval(90), kommuner: []).isEmpty)
    let period = try await database.submissions(
      receivedOrWithdrawnAfter: t0.addingTimeInterval(-1), upTo: t0.addingTimeInterval(90), kommuner: ["1282", "1280"])
    #expect(period.map(\.kommun) == ["1280", "1282"] && period.allSatisfy(\.bytes.isEmpty))
    // A code cannot widen the query: it is bound, not SQL.
    #expect(
      try await database.latestSubmissions(asOf: t0.addingTimeInterval(90), kommuner: ["0180') OR ('1'='1"]).isEmpty)
    await database.close()
  }
}
