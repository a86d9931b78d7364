import Foundation
import Hummingbird
import HummingbirdTesting
import LagkollServer
import Logging
import PlanDocument
import RuleEngine
import Store
import Testing

/// The calendars of the service: personal feed addresses read as their user (and nothing once the user
/// is disabled or the address revoked), stored only as a hash, audited, and never written to the
/// request log; the events follow the latest standing submission, and a withdrawal moves them back;
/// the kommun and county panels and the county's CSV.
@Suite struct CalendarFeedTests {
  static let clock = AuthorizationTests.clock

  /// The world of the authorization table, with 0180's and 1280's latest plans the complete sample.
  static func world() async throws -> AuthorizationTests.World {
    let world = try await AuthorizationTests.world()
    for (kommun, submitter) in [("0180", "s0180@k.se"), ("1280", "s1280@k.se")] {
      var submission = AuthorizationTests.new(kommun, submitter)
      submission.bytes = Fixture.sample("komplett.xml")
      _ = try await world.database.submit(submission, at: clock.addingTimeInterval(60))
    }
    return world
  }

  static func feed(_ database: Database, _ email: String, _ scope: CalendarFeed.Scope, _ code: String) async throws
    -> String
  {
    let user = try #require(try await database.user(email: email))
    return try await database.createCalendarFeed(for: user, scope: scope, code: code, at: clock).token
  }

  /// The application on a clock the test moves, logging into `log`.
  static func application(_ database: Database, clock: SecurityRouteTests.Clock, log: LogLines? = nil)
    -> some ApplicationProtocol
  {
    let settings = ServiceSettings(port: 0, now: { clock.now })
    var logger = Logger(label: "lagkoll-calendar-test") { _ -> any LogHandler in
      log.map { CapturingLogHandler(lines: $0) } ?? SwiftLogNoOpLogHandler()
    }
    logger.logLevel = Logger.Level.info
    return LagkollApplication.make(
      settings: settings, service: CheckService(ruleSet: Fixture.ruleSet, maxDocumentSize: settings.maxBodySize),
      accounts: AccountSettings(database: database, policy: AuthorizationTests.policy, now: settings.now),
      logger: logger)
  }

  /// Each feed address, asked by nobody else: 200 only where its user may see the place, and only while
  /// the address stands and its user is enabled; a secret never opens another address, and the log
  /// never holds it.
  @Test func feedAddressesReadAsTheirUser() async throws {
    let world = try await Self.world()
    let database = world.database
    let own = try await Self.feed(database, "s0180@k.se", .kommun, "0180")
    let county = try await Self.feed(database, "g01@l.se", .lan, "01")
    let riket = try await Self.feed(database, "r@bra.se", .kommun, "1280")
    let revoked = try await Self.feed(database, "s1280@k.se", .kommun, "1280")
    let toDisable = try await Self.feed(database, "g12@l.se", .lan, "12")
    let s1280 = try #require(try await database.user(email: "s1280@k.se"))
    let revokedID = try #require(try await database.calendarFeeds(of: s1280).first?.id)
    #expect(try await database.revokeCalendarFeed(id: revokedID, of: s1280, at: Self.clock))
    #expect(try await database.revokeCalendarFeed(id: revokedID, of: s1280, at: Self.clock) == false)
    try await database.disableUser(email: "g12@l.se", actor: "t", at: Self.clock)
    let table: [(String, Int)] = [
      ("/kommun/0180/kalender.ics?token=\(own)", 200),
      ("/kommun/1280/kalender.ics?token=\(own)", 401),  // another kommun's address
      ("/lan/01/kalender.ics?token=\(own)", 401),  // the kommun's secret is not the county's
      ("/lan/01/kalender.ics?token=\(county)", 200),
      ("/kommun/0180/kalender.ics?token=\(county)", 401),  // made for the county, not the kommun
      ("/kommun/1280/kalender.ics?token=\(riket)", 200),
      ("/kommun/1280/kalender.ics?token=\(revoked)", 401),
      ("/lan/12/kalender.ics?token=\(toDisable)", 401),
      ("/lan/12/kalender.ics?token=\(Secrets.token())", 401),
      ("/kommun/9999/kalender.ics?token=\(own)", 401),
      ("/kommun/0180/kalender.ics?token=", 401),
    ]
    let log = LogLines()
    try await Self.application(database, clock: SecurityRouteTests.Clock(Self.clock), log: log).test(.router) {
      client in
      for (path, expected) in table {
        try await client.execute(uri: path, method: .get) { response in
          #expect(Int(response.status.code) == expected, "\(path)")
          guard expected == 200 else {
            #expect(!response.text.contains("BEGIN:VCALENDAR"))
            return
          }
          #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
          #expect(response.headers[.cacheControl] == "private, no-store")
          #expect(response.text.hasPrefix("BEGIN:VCALENDAR\r\n") && response.text.contains("BEGIN:VALARM\r\n"))
        }
      }
    }
    // The request log has each path, never a secret.
    let lines = log.lines
    #expect(lines.contains { $0.contains("/kommun/0180/kalender.ics") })
    for secret in [own, county, riket, revoked, toDisable] {
      #expect(!lines.contains { $0.contains(secret) }, "a secret in the log")
    }
    // Only the hashes are stored; making and revoking are in the audit log; reading marks the feed used.
    let stored = try await database.read("SELECT token_hash FROM calendar_feeds").compactMap {
      $0.column("token_hash")?.string
    }
    #expect(stored.contains(Secrets.sha256(own)) && !stored.contains(own))
    let audit = try await database.auditLog()
    // Four made by the authorization world, five here.
    #expect(audit.filter { $0.action == .feedCreated }.count == 9)
    #expect(audit.contains { $0.action == .feedRevoked && $0.actor == "s1280@k.se" && $0.subject == "kommun/1280" })
    let s0180 = try #require(try await database.user(email: "s0180@k.se"))
    let used = try await database.calendarFeeds(of: s0180).first { $0.lastUsedAt != nil }
    #expect(used?.path == "/kommun/0180/kalender.ics")
    await database.close()
  }

  @Test func eventsFollowTheLatestStandingSubmissionAndAWithdrawalMovesThem() async throws {
    let world = try await Self.world()
    let database = world.database
    let key = try await Self.feed(database, "s0180@k.se", .kommun, "0180")
    @Sendable func lagesbild(_ client: some TestClientProtocol) async throws -> (
      uid: String, due: String, modified: String
    ) {
      try await client.execute(uri: "/kommun/0180/kalender.ics?token=\(key)", method: .get) { response in
        let events = response.text.components(separatedBy: "BEGIN:VEVENT").dropFirst()
        let event = events.first { $0.contains("-LB-007-") } ?? ""
        let uid = event.firstMatch(of: /UID:([^\r]+)/).map { String($0.1) } ?? ""
        let start = event.firstMatch(of: /DTSTART;VALUE=DATE:(\d{8})/).map { String($0.1) } ?? ""
        let modified = event.firstMatch(of: /LAST-MODIFIED:(\d{8})T/).map { String($0.1) } ?? ""
        return (uid, start, modified)
      }
    }
    // A newer plan whose lägesbild is younger: the date moves on; withdrawn, it moves back.
    let text = String(decoding: Fixture.sample("komplett.xml"), as: UTF8.self)
      .replacingOccurrences(of: "<datum>2026-04-15</datum>", with: "<datum>2026-11-02</datum>")
    var submission = AuthorizationTests.new("0180", "s0180@k.se")
    submission.bytes = Array(text.utf8)
    let newer = submission
    let clock = SecurityRouteTests.Clock(Self.clock)
    try await Self.application(database, clock: clock).test(.router) { client in
      let before = try await lagesbild(client)
      #expect(before.due == "20280415" && before.uid.hasPrefix("k0180-"))
      let stored = try await database.submit(newer, at: Self.clock.addingTimeInterval(120))
      let moved = try await lagesbild(client)
      #expect(moved.due == "20281102")
      #expect(moved.uid == before.uid, "the same event, so that a client updates it")
      // Two days later the newer plan is withdrawn: the date is the older plan's again.
      clock.now = Self.clock.addingTimeInterval(86_400 * 2)
      _ = try await database.withdraw(id: stored.id, by: "s0180@k.se", reason: "fel fil", at: clock.now)
      let back = try await lagesbild(client)
      #expect(back.due == "20280415" && back.uid == before.uid)
      // Changed on the day of the withdrawal (2026-11-20): clients replace what they have.
      #expect(back.modified == "20261120", "\(back.modified)")
      // The kommun page says the same.
      let page = try await client.execute(
        uri: "/kommun/0180", method: .get, headers: world.headers[.samordnare0180]!
      ) { $0.text }
      #expect(page.contains("<strong class=\"date\">2028-04-15</strong>") == false, "beyond the 12 months")
      // Every plan withdrawn: no dates at all.
      for submission in try await database.submissions(kommun: "0180") where submission.withdrawal == nil {
        _ = try await database.withdraw(id: submission.id, by: "s0180@k.se", reason: "x", at: clock.now)
      }
      try await client.execute(uri: "/kommun/0180/kalender.ics?token=\(key)", method: .get) { response in
        #expect(response.status == .ok && !response.text.contains("BEGIN:VEVENT"))
      }
    }
    await database.close()
  }

  /// The kommun page's panels: each date with what is due, its basis and rule, in the window; the
  /// county's list and CSV with its own kommuner only; plan text as data in both.
  @Test func panelsAndTheCountyList() async throws {
    let world = try await Self.world()
    // 0180's latest plan is of the last term: its lägesbild is late, its plan runs out 2026-12-31.
    var late = AuthorizationTests.new("0180", "s0180@k.se")
    late.bytes = Fixture.sample("forra-mandatperioden.xml")
    _ = try await world.database.submit(late, at: Self.clock.addingTimeInterval(90))
    try await Self.application(world.database, clock: SecurityRouteTests.Clock(Self.clock)).test(.router) { client in
      let kommun = try await client.execute(
        uri: "/kommun/0180", method: .get, headers: world.headers[.samordnare0180]!
      ) { $0.text }
      let coming = try #require(kommun.firstRange(of: "id=\"kommande\"").map { kommun[$0.lowerBound...] })
      let forsenat = try #require(kommun.firstRange(of: "id=\"forsenat\"").map { kommun[$0.lowerBound...] })
      let comingPanel = coming[..<(coming.firstRange(of: "</section>")?.lowerBound ?? coming.endIndex)]
      let overduePanel = forsenat[..<(forsenat.firstRange(of: "</section>")?.lowerBound ?? forsenat.endIndex)]
      // Each date with what is due, its basis (law with paragraph, or guidance with its source) and rule.
      #expect(comingPanel.contains("<strong class=\"date\">2026-12-31</strong>"))
      #expect(comingPanel.contains("<strong class=\"date\">2027-05-25</strong>"))
      #expect(!comingPanel.contains("2030-10-14"), "beyond the twelve months")
      #expect(overduePanel.contains("<strong class=\"date\">2026-01-31</strong>") && overduePanel.contains("LB-007"))
      #expect(overduePanel.contains("försenat sedan 2026-02-01") && overduePanel.contains("6 §"))
      #expect(overduePanel.contains("vägledning") || overduePanel.contains("Brå"), "guidance named as guidance")
      #expect(kommun.contains("action=\"/konto/kalendrar\"") && kommun.contains("/kommun/0180/kalender.ics"))
      let english = try await client.execute(
        uri: "/kommun/0180?lang=en", method: .get, headers: world.headers[.samordnare0180]!
      ) { $0.text }
      #expect(english.contains(">Coming</h2>") && english.contains(">Overdue</h2>"))
      let lan = try await client.execute(uri: "/lan/01", method: .get, headers: world.headers[.granskare01]!) {
        $0.text
      }
      #expect(lan.contains("id=\"kalender\"") && lan.contains("/lan/01/kalender.csv"))
      let csv = try await client.execute(
        uri: "/lan/01/kalender.csv", method: .get, headers: world.headers[.granskare01]!
      ) { ($0.headers[.contentType] ?? "", $0.text) }
      #expect(csv.0.hasPrefix("text/csv") && csv.1.contains("sista_dag,forsenat_sedan,status,kommun"))
      #expect(csv.1.contains(",0180,") && !csv.1.contains(",1280,"), "only the county's own kommuner")
      #expect(csv.1.contains("2026-12-31,2027-01-01,coming") && csv.1.contains("2026-01-31,2026-02-01,overdue"))
      #expect(lan.contains("försenat sedan 2026-02-01"))
    }
    await world.database.close()
  }

  /// Text from a plan cannot start a formula in the county CSV nor add a calendar property.
  @Test func planTextIsDataInTheCSVAndTheFeed() async throws {
    let world = try await AuthorizationTests.world()
    let hostile = String(decoding: Fixture.sample("komplett.xml"), as: UTF8.self)
      .replacingOccurrences(of: "<lagesbild id=\"LB-2026\">", with: "<lagesbild id=\"=HYPERLINK(1)\">")
    var submission = AuthorizationTests.new("0180", "s0180@k.se")
    submission.bytes = Array(hostile.utf8)
    _ = try await world.database.submit(submission, at: Self.clock.addingTimeInterval(60))
    let key = try await Self.feed(world.database, "g01@l.se", .lan, "01")
    try await Self.application(world.database, clock: SecurityRouteTests.Clock(Self.clock)).test(.router) { client in
      let csv = try await client.execute(
        uri: "/lan/01/kalender.csv", method: .get, headers: world.headers[.granskare01]!
      ) { $0.text }
      #expect(!csv.contains(",=") && !csv.contains(",\"="))
      let ics = try await client.execute(uri: "/lan/01/kalender.ics?token=\(key)", method: .get) { $0.text }
      #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n"))
      #expect(ics.components(separatedBy: "\r\nBEGIN:VCALENDAR").count == 1)
    }
    await world.database.close()
  }

  @Test func theUsersPageMakesListsAndRevokesFeeds() async throws {
    let world = try await Self.world()
    var form = world.headers[.samordnare0180]!
    let csrf = form[.init("X-CSRF-Token")!]!
    form[.contentType] = "application/x-www-form-urlencoded"
    let headers = form
    try await Self.application(world.database, clock: SecurityRouteTests.Clock(Self.clock)).test(.router) { client in
      let made = try await client.execute(
        uri: "/konto/kalendrar", method: .post, headers: headers,
        body: ByteBuffer(string: "csrf=\(csrf)&avser=kommun/0180")
      ) { ($0.status, $0.text) }
      #expect(made.0 == .ok)
      let address = try #require(made.1.firstMatch(of: /\/kommun\/0180\/kalender\.ics\?token=([0-9a-f]{64})/))
      try await client.execute(uri: String(address.0), method: .get) { #expect($0.status == .ok) }
      // Another kommun's feed is refused; the list shows the one made, without its secret.
      try await client.execute(
        uri: "/konto/kalendrar", method: .post, headers: headers,
        body: ByteBuffer(string: "csrf=\(csrf)&avser=kommun/1280")
      ) { #expect($0.status == .forbidden) }
      try await client.execute(
        uri: "/konto/kalendrar", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(csrf)&avser=x")
      ) { #expect($0.status == .badRequest) }
      let page = try await client.execute(uri: "/konto", method: .get, headers: headers) { $0.text }
      #expect(page.contains("/kommun/0180/kalender.ics") && !page.contains(String(address.1)))
      let id = try #require(page.firstMatch(of: /\/konto\/kalendrar\/(\d+)\/aterkalla/)).1
      // Someone else cannot revoke it by its id.
      var other = world.headers[.samordnare1280]!
      other[.contentType] = "application/x-www-form-urlencoded"
      let otherCSRF = other[.init("X-CSRF-Token")!]!
      try await client.execute(
        uri: "/konto/kalendrar/\(id)/aterkalla", method: .post, headers: other,
        body: ByteBuffer(string: "csrf=\(otherCSRF)")
      ) { #expect($0.status == .notFound) }
      try await client.execute(
        uri: "/konto/kalendrar/\(id)/aterkalla", method: .post, headers: headers,
        body: ByteBuffer(string: "csrf=\(csrf)")
      ) { #expect($0.status == .seeOther) }
      try await client.execute(uri: String(address.0), method: .get) { #expect($0.status == .unauthorized) }
      let after = try await client.execute(uri: "/konto", method: .get, headers: headers) { $0.text }
      #expect(after.contains("återkallad"))
    }
    await world.database.close()
  }
}

/// The lines a logger wrote, message and metadata, to look for what must not be there.
final class LogLines: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []
  var lines: [String] { lock.withLock { stored } }
  func append(_ line: String) { lock.withLock { stored.append(line) } }
}

struct CapturingLogHandler: LogHandler {
  var lines: LogLines
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .trace

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(
    level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
    function: String, line: UInt
  ) {
    let all = self.metadata.merging(metadata ?? [:]) { $1 }
    lines.append("\(message) \(all.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
  }
}
