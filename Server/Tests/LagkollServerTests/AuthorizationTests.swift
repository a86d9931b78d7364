import Foundation
import Hummingbird
import HummingbirdTesting
import LagkollServer
import Logging
import PlanDocument
import RuleEngine
import Store
import Testing

/// Who may see what: every route of the service that needs an account, for every role, for the own
/// and another kommun (and county), for each method, with the status it must get.
@Suite struct AuthorizationTests {
  static let clock = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-16
  static let password = "ett långt lösenord 1"
  static let policy = AccountPolicy(maxFailures: 5, failureWindow: 900, sessionLifetime: 3600, bcryptCost: 4)

  /// A plan of a kommun, readable, with gaps (the template).
  static func plan(_ kod: String) -> [UInt8] {
    let municipality = Fixture.ruleSet.municipalities[kod]!
    return Array(
      PlanTemplate.render(format: .xml, kommunNamn: municipality.name, kommunKod: kod, lan: municipality.county).utf8)
  }

  /// The same plan as a Word document (the template `lagkoll init --format docx` writes).
  static func wordPlan(_ kod: String) -> [UInt8] {
    let municipality = Fixture.ruleSet.municipalities[kod]!
    return try! PlanTemplate.renderDocx(kommunNamn: municipality.name, kommunKod: kod, lan: municipality.county)
  }

  enum Who: String, CaseIterable, CustomStringConvertible {
    case anonymous, samordnare0180, samordnare1280, granskare01, granskare12, riket, admin, disabled
    case bearer0180, badBearer
    /// Calendar feed addresses (`?token=`): 0180's coordinator's for the kommun, county 01's reviewer's
    /// for the county, one revoked, and one of the user who is then disabled. On a path that is no
    /// feed the secret counts for nothing: they get what `anonymous` gets, unless a row says otherwise.
    case feed0180, feed01, feedRevoked, feedDisabled
    var description: String { rawValue }
    /// Who carries no identity a page accepts: 401 wherever one is asked for.
    static let withoutIdentity: Set<Who> = [
      .anonymous, .disabled, .badBearer, .feed0180, .feed01, .feedRevoked, .feedDisabled,
    ]
  }

  /// A database with one account per role, a session or token for each, and one submission of 0180.
  struct World {
    var database: Database
    var headers: [Who: HTTPFields]
    var submission0180: String
    var submission1280: String
    /// The secret of each feed address in `Who`.
    var feedTokens: [Who: String] = [:]
  }

  static func world() async throws -> World {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-auth-\(UUID().uuidString).sqlite")
      .path
    let database = try await Database.open(path: path)
    let roles: [(Who, String, Role)] = [
      (.samordnare0180, "s0180@k.se", .samordnare(kommun: "0180")),
      (.samordnare1280, "s1280@k.se", .samordnare(kommun: "1280")),
      (.granskare01, "g01@l.se", .granskare(lan: "01")), (.granskare12, "g12@l.se", .granskare(lan: "12")),
      (.riket, "r@bra.se", .granskare(lan: nil)), (.admin, "a@k.se", .admin),
      (.disabled, "d@k.se", .samordnare(kommun: "0180")),
    ]
    var headers: [Who: HTTPFields] = [.anonymous: [:], .badBearer: [.authorization: "Bearer " + Secrets.token()]]
    for (who, email, role) in roles {
      _ = try await database.addUser(
        email: email, role: role, password: password, policy: policy, actor: "t", at: clock)
      guard
        case .success(let token, let session) = try await database.login(
          email: email, password: password, address: "192.0.2.1", policy: policy, at: clock)
      else { throw CancellationError() }
      headers[who] = [.cookie: "lagkoll_session=\(token)", .init("X-CSRF-Token")!: session.csrf]
    }
    var feedTokens: [Who: String] = [:]
    let feeds: [(Who, String, CalendarFeed.Scope, String)] = [
      (.feed0180, "s0180@k.se", .kommun, "0180"), (.feed01, "g01@l.se", .lan, "01"),
      (.feedRevoked, "s0180@k.se", .kommun, "0180"), (.feedDisabled, "d@k.se", .kommun, "0180"),
    ]
    for (who, email, scope, code) in feeds {
      let user = try #require(try await database.user(email: email))
      let (feed, token) = try await database.createCalendarFeed(for: user, scope: scope, code: code, at: clock)
      if who == .feedRevoked { try await database.revokeCalendarFeed(id: feed.id, of: user, at: clock) }
      feedTokens[who] = token
    }
    try await database.disableUser(email: "d@k.se", actor: "t", at: clock)
    headers[.bearer0180] = [
      .authorization: "Bearer " + (try await database.issueToken(email: "s0180@k.se", actor: "t", at: clock))
    ]
    let a = try await database.submit(new("0180", "s0180@k.se"), at: clock)
    let b = try await database.submit(new("1280", "s1280@k.se"), at: clock)
    return World(
      database: database, headers: headers, submission0180: a.id, submission1280: b.id, feedTokens: feedTokens)
  }

  static func new(_ kommun: String, _ submitter: String) -> NewSubmission {
    NewSubmission(
      kommun: kommun, submitter: submitter, ruleSetVersion: "t", contentType: "application/xml", bytes: plan(kommun),
      findings: "{}", errors: 0, warnings: 0, ready: false, planDatum: nil)
  }

  static func application(_ database: Database) -> some ApplicationProtocol {
    let settings = ServiceSettings(port: 0, now: { clock })
    var logger = Logger(label: "lagkoll-auth-test")
    logger.logLevel = .critical
    return LagkollApplication.make(
      settings: settings, service: CheckService(ruleSet: Fixture.ruleSet, maxDocumentSize: settings.maxBodySize),
      accounts: AccountSettings(database: database, policy: policy, now: settings.now), logger: logger)
  }

  struct Case: CustomStringConvertible {
    var method: HTTPRequest.Method
    var path: String
    var body: [UInt8]?
    var expected: [Who: Int]
    var description: String { "\(method) \(path)" }
  }

  /// The table. `own` is 0180's submission (Stockholm, county 01), `other` 1280's (Malmö, county 12).
  static func table(own: String, other: String) -> [Case] {
    let read: [Who: Int] = [
      .anonymous: 401, .samordnare0180: 200, .samordnare1280: 404, .granskare01: 200, .granskare12: 404,
      .riket: 200, .admin: 200, .disabled: 401, .bearer0180: 200, .badBearer: 401,
    ]
    let readOther: [Who: Int] = [
      .anonymous: 401, .samordnare0180: 404, .samordnare1280: 200, .granskare01: 404, .granskare12: 200,
      .riket: 200, .admin: 200, .disabled: 401, .bearer0180: 404, .badBearer: 401,
    ]
    let submitOwn: [Who: Int] = [
      .anonymous: 401, .samordnare0180: 201, .samordnare1280: 403, .granskare01: 403, .granskare12: 403,
      .riket: 403, .admin: 403, .disabled: 401, .bearer0180: 201, .badBearer: 401,
    ]
    let submitOther: [Who: Int] = [
      .anonymous: 401, .samordnare0180: 403, .samordnare1280: 201, .granskare01: 403, .granskare12: 403,
      .riket: 403, .admin: 403, .disabled: 401, .bearer0180: 403, .badBearer: 401,
    ]
    let unknown = Secrets.identifier()
    let missing: [Who: Int] = Dictionary(
      uniqueKeysWithValues: Who.allCases.map {
        ($0, Who.withoutIdentity.contains($0) ? 401 : 404)
      })
    let everyone = { (status: Int) in Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, status) }) }
    /// 401 for those without a valid identity, `status` for everyone else.
    let signedIn = { (status: Int) in
      Dictionary(
        uniqueKeysWithValues: Who.allCases.map {
          ($0, Who.withoutIdentity.contains($0) ? 401 : status)
        })
    }
    let kommunOwn: [Who: Int] = [
      .anonymous: 401, .samordnare0180: 200, .samordnare1280: 403, .granskare01: 200, .granskare12: 403,
      .riket: 200, .admin: 200, .disabled: 401, .bearer0180: 200, .badBearer: 401,
    ]
    let kommunOther: [Who: Int] = [
      .anonymous: 401, .samordnare0180: 403, .samordnare1280: 200, .granskare01: 403, .granskare12: 200,
      .riket: 200, .admin: 200, .disabled: 401, .bearer0180: 403, .badBearer: 401,
    ]
    let lanOwn: [Who: Int] = [
      .anonymous: 401, .samordnare0180: 403, .samordnare1280: 403, .granskare01: 200, .granskare12: 403,
      .riket: 200, .admin: 200, .disabled: 401, .bearer0180: 403, .badBearer: 401,
    ]
    var lanOther = lanOwn
    (lanOther[.granskare01], lanOther[.granskare12]) = (403, 200)
    var riket = signedIn(403)
    (riket[.riket], riket[.admin]) = (200, 200)
    var adminOnly = signedIn(403)
    adminOnly[.admin] = 200
    // A form post without the session's token: 403 for those who may see the submission, 404 for
    // those who may not (its existence is private), 401 without an identity.
    let withdrawFormWithoutToken = read.mapValues { $0 == 200 ? 403 : $0 }
    // The API with the session's X-CSRF-Token (or a bearer token): the kommun's coordinator and
    // admins withdraw (200); reviewers who see it may not (403); the others do not see it (404).
    let withdraw: [Who: Int] = [
      .anonymous: 401, .samordnare0180: 200, .samordnare1280: 404, .granskare01: 403, .granskare12: 404,
      .riket: 403, .admin: 200, .disabled: 401, .bearer0180: 200, .badBearer: 401,
    ]
    let reason = Array("{\"reason\": \"fel fil\"}".utf8)
    var ownSession = signedIn(200)
    ownSession[.bearer0180] = 403
    return [
      Case(method: .get, path: "/submissions/\(own)", expected: read),
      Case(method: .head, path: "/submissions/\(own)", expected: read),
      Case(method: .get, path: "/submissions/\(other)", expected: readOther),
      Case(method: .get, path: "/submissions/\(unknown)", expected: missing),
      Case(method: .get, path: "/submissions/\(own.uppercased())x", expected: missing),
      Case(method: .delete, path: "/submissions/\(own)", expected: everyone(405)),
      Case(
        method: .post, path: "/submissions/\(own)/withdraw", body: Array("reason=x".utf8),
        expected: withdrawFormWithoutToken),
      Case(method: .get, path: "/submissions/\(own)/withdraw", expected: everyone(405)),
      Case(method: .post, path: "/submissions/\(unknown)/withdraw", body: Array("reason=x".utf8), expected: missing),
      // Each request of this row withdraws a fresh submission of 0180 (`FRESH` in the path).
      Case(method: .post, path: "/api/v1/submissions/FRESH/withdrawal", body: reason, expected: withdraw),
      Case(method: .post, path: "/api/v1/submissions/\(unknown)/withdrawal", body: reason, expected: missing),
      Case(method: .get, path: "/api/v1/submissions/\(own)/withdrawal", expected: everyone(405)),
      Case(method: .get, path: "/admin/users", expected: adminOnly),
      Case(method: .head, path: "/admin/users", expected: adminOnly),
      // Without the session's CSRF token in the form, even an admin adds or disables nobody.
      Case(
        method: .post, path: "/admin/users", body: Array("email=x%40k.se&role=admin&password=xxxxxxxxxxxxxxxx".utf8),
        expected: signedIn(403)),
      Case(
        method: .post, path: "/admin/users/disable", body: Array("email=s0180%40k.se".utf8), expected: signedIn(403)),
      Case(method: .put, path: "/admin/users", expected: everyone(405)),
      Case(method: .get, path: "/admin/users/disable", expected: everyone(405)),
      Case(method: .get, path: "/lan/01/andringar.csv", expected: lanOwn),
      Case(method: .get, path: "/lan/12/andringar.csv?sedan=2026-01-01", expected: lanOther),
      Case(method: .get, path: "/lan/99/andringar.csv", expected: signedIn(404)),
      Case(method: .post, path: "/lan/01/andringar.csv", expected: everyone(405)),
      Case(method: .get, path: "/api/v1/submissions/\(own)", expected: read),
      Case(method: .head, path: "/api/v1/submissions/\(own)", expected: read),
      Case(method: .get, path: "/api/v1/submissions/\(own)/raw", expected: read),
      Case(method: .get, path: "/api/v1/submissions/\(other)", expected: readOther),
      Case(method: .get, path: "/api/v1/submissions/\(other)/raw", expected: readOther),
      Case(method: .get, path: "/api/v1/submissions/\(unknown)", expected: missing),
      Case(method: .get, path: "/api/v1/submissions/\(unknown)/raw", expected: missing),
      Case(method: .get, path: "/api/v1/submissions/..%2F..%2Fetc", expected: missing),
      Case(method: .post, path: "/api/v1/submissions", body: plan("0180"), expected: submitOwn),
      Case(method: .post, path: "/api/v1/submissions", body: plan("1280"), expected: submitOther),
      // A Word plan is recognised by its content, as any client may send it.
      Case(method: .post, path: "/api/v1/submissions", body: wordPlan("0180"), expected: submitOwn),
      Case(method: .post, path: "/api/v1/submissions", body: wordPlan("1280"), expected: submitOther),
      // The Word template, like the others, is for everyone.
      Case(method: .get, path: "/api/v1/template.docx?kommun=0180", expected: everyone(200)),
      Case(method: .post, path: "/api/v1/template.docx", expected: everyone(405)),
      Case(method: .get, path: "/api/v1/submissions", expected: everyone(405)),
      Case(method: .delete, path: "/api/v1/submissions/\(own)", expected: everyone(405)),
      Case(method: .put, path: "/api/v1/submissions/\(own)", expected: everyone(405)),
      Case(method: .get, path: "/login", expected: everyone(200)),
      Case(method: .get, path: "/logout", expected: everyone(405)),
      Case(method: .get, path: "/healthz", expected: everyone(200)),
      Case(method: .get, path: "/kommun/0180", expected: kommunOwn),
      Case(method: .get, path: "/kommun/1280", expected: kommunOther),
      Case(method: .get, path: "/kommun/9999", expected: signedIn(404)),
      // A form post without the page's CSRF token never submits, whoever sends it.
      Case(method: .post, path: "/kommun/0180", body: plan("0180"), expected: signedIn(403)),
      Case(method: .get, path: "/lan/01", expected: lanOwn),
      Case(method: .get, path: "/lan/01.csv", expected: lanOwn),
      Case(method: .get, path: "/lan/12", expected: lanOther),
      Case(method: .get, path: "/lan/99", expected: signedIn(404)),
      Case(method: .get, path: "/riket", expected: riket),
      Case(method: .get, path: "/metrics", expected: adminOnly),
      // One's own password: a browser session (a bearer token has no session to keep).
      Case(method: .get, path: "/konto/losenord", expected: ownSession),
      Case(
        method: .post, path: "/konto/losenord", body: Array("current=x&new=y&repeat=y".utf8), expected: signedIn(403)),
      Case(method: .get, path: "/admin/users/losenord?email=s0180%40k.se", expected: adminOnly),
      Case(
        method: .post, path: "/admin/users/losenord", body: Array("email=s0180%40k.se&new=x&repeat=x".utf8),
        expected: signedIn(403)),
      // Calendars: as the kommun and county pages, and by a feed address only where it was made for.
      Case(method: .get, path: "/kommun/0180/kalender.ics", expected: kommunOwn.merging([.feed0180: 200]) { $1 }),
      Case(method: .head, path: "/kommun/0180/kalender.ics", expected: kommunOwn.merging([.feed0180: 200]) { $1 }),
      Case(method: .get, path: "/kommun/1280/kalender.ics", expected: kommunOther),
      Case(method: .get, path: "/kommun/9999/kalender.ics", expected: signedIn(404)),
      Case(method: .post, path: "/kommun/0180/kalender.ics", expected: everyone(405)),
      Case(method: .get, path: "/lan/01/kalender.ics", expected: lanOwn.merging([.feed01: 200]) { $1 }),
      Case(method: .get, path: "/lan/12/kalender.ics", expected: lanOther),
      Case(method: .get, path: "/lan/99/kalender.ics", expected: signedIn(404)),
      Case(method: .get, path: "/lan/01/kalender.csv", expected: lanOwn),
      Case(method: .get, path: "/lan/12/kalender.csv", expected: lanOther),
      Case(method: .post, path: "/lan/01/kalender.csv", expected: everyone(405)),
      // The own page: a browser session (a bearer token posts no forms).
      Case(method: .get, path: "/konto", expected: ownSession),
      Case(method: .put, path: "/konto", expected: everyone(405)),
      // Without the session's CSRF token no feed is made or revoked.
      Case(method: .post, path: "/konto/kalendrar", body: Array("avser=kommun/0180".utf8), expected: signedIn(403)),
      Case(method: .post, path: "/konto/kalendrar/1/aterkalla", expected: signedIn(403)),
      Case(method: .get, path: "/konto/kalendrar", expected: everyone(405)),
      Case(method: .get, path: "/konto/kalendrar/1/aterkalla", expected: everyone(405)),
    ]
  }

  @Test func everyRouteRoleAndKommun() async throws {
    let world = try await Self.world()
    let table = Self.table(own: world.submission0180, other: world.submission1280)
    let checked = try await Self.application(world.database).test(.router) { client in
      var checked = 0
      for entry in table {
        for who in Who.allCases {
          var headers = world.headers[who] ?? [:]
          headers[.contentType] =
            entry.path.contains("withdraw") && !entry.path.hasPrefix("/api/") || entry.path.hasPrefix("/admin/")
              || entry.path.hasPrefix("/konto/")
            ? "application/x-www-form-urlencoded"
            : entry.path.hasSuffix("withdrawal") ? "application/json" : "application/xml"
          var path = entry.path
          if let token = world.feedTokens[who] { path += (path.contains("?") ? "&" : "?") + "token=\(token)" }
          if path.contains("FRESH") {
            let fresh = try await world.database.submit(Self.new("0180", "s0180@k.se"), at: Self.clock)
            path = path.replacingOccurrences(of: "FRESH", with: fresh.id)
          }
          let status = try await client.execute(
            uri: path, method: entry.method, headers: headers, body: entry.body.map { ByteBuffer(bytes: $0) }
          ) { Int($0.status.code) }
          #expect(status == entry.expected[who] ?? entry.expected[.anonymous], "\(entry) as \(who)")
          checked += 1
        }
      }
      return checked
    }
    #expect(table.count == 73 && checked == table.count * Who.allCases.count)
    // Only the rows meant to change anything did: the withdrawals of fresh submissions, and none of 0180's own.
    #expect(try await world.database.submission(id: world.submission0180)?.withdrawal == nil)
    let withdrawals = try await world.database.auditLog().filter { $0.action == .withdrawal }
    #expect(withdrawals.map(\.actor).sorted() == ["a@k.se", "s0180@k.se", "s0180@k.se"])
    await world.database.close()
  }

  @Test func aSessionWithoutItsCSRFTokenCannotSubmit() async throws {
    let world = try await Self.world()
    try await Self.application(world.database).test(.router) { client in
      var headers = world.headers[.samordnare0180]!
      headers[.init("X-CSRF-Token")!] = Secrets.token()
      headers[.contentType] = "application/xml"
      try await client.execute(
        uri: "/api/v1/submissions", method: .post, headers: headers, body: ByteBuffer(bytes: Self.plan("0180"))
      ) { #expect($0.status == .forbidden) }
      headers[.init("X-CSRF-Token")!] = nil
      try await client.execute(
        uri: "/api/v1/submissions", method: .post, headers: headers, body: ByteBuffer(bytes: Self.plan("0180"))
      ) { #expect($0.status == .forbidden) }
    }
    #expect(try await world.database.submissions(kommun: "0180").count == 1, "nothing more was stored")
    await world.database.close()
  }

  @Test func submissionIsStoredExactlyAndReadBack() async throws {
    let world = try await Self.world()
    let bytes = Self.plan("0180")
    try await Self.application(world.database).test(.router) { client in
      let created = try await client.execute(
        uri: "/api/v1/submissions", method: .post, headers: world.headers[.bearer0180]!, body: ByteBuffer(bytes: bytes)
      ) { response in
        #expect(response.status == .created)
        return response.json ?? [:]
      }
      let id = try #require(created["id"] as? String)
      #expect(id.count == 32 && created["kommun"] as? String == "0180")
      #expect((created["findings"] as? [Any])?.isEmpty == false, "the template has gaps")
      #expect((created["summary"] as? [String: Any])?["errors"] as? Int ?? 0 > 0)
      #expect(created["sha256"] as? String == Secrets.sha256(bytes))
      try await client.execute(
        uri: "/api/v1/submissions/\(id)/raw", method: .get, headers: world.headers[.granskare01]!
      ) { response in
        #expect(Array(response.body.readableBytesView) == bytes)
        #expect(response.headers[.contentDisposition]?.hasPrefix("attachment") == true)
      }
    }
    let audit = try await world.database.auditLog().filter { $0.action == .submission }
    #expect(audit.count == 3 && audit.last?.actor == "s0180@k.se")
    await world.database.close()
  }

  @Test func loginSetsAStrictCookieAndRotates() async throws {
    let world = try await Self.world()
    try await Self.application(world.database).test(.router) { client in
      func login(_ password: String) async throws -> (Int, String?) {
        let (cookie, token) = try await client.execute(uri: "/login", method: .get) { response in
          let cookie = response.headers[.setCookie] ?? ""
          let token = response.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.1) }
          return (cookie.split(separator: ";")[0], token ?? "")
        }
        #expect(cookie.contains("HttpOnly") == false)  // only the name=value part was kept
        return try await client.execute(
          uri: "/login", method: .post,
          headers: [.contentType: "application/x-www-form-urlencoded", .cookie: String(cookie)],
          body: ByteBuffer(
            string:
              "csrf=\(token)&email=s0180%40k.se&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
          )
        ) { response in (Int(response.status.code), response.headers[values: .setCookie].first) }
      }
      let (status, cookie) = try await login(Self.password)
      #expect(status == 303)
      let session = try #require(cookie)
      #expect(
        session.hasPrefix("lagkoll_session=") && session.contains("HttpOnly") && session.contains("SameSite=Strict"))
      let (_, second) = try await login(Self.password)
      #expect(second != cookie, "a new session at every login")
      #expect(try await login("fel lösenord").0 == 401)
      // X-Forwarded-Proto from a client that is not a trusted proxy is not believed (before, anyone
      // could say it; see SecurityRouteTests for a trusted proxy).
      let claimed = try await client.execute(
        uri: "/login", method: .get, headers: [.init("X-Forwarded-Proto")!: "https"]
      ) { $0.headers[.setCookie] ?? "" }
      #expect(!claimed.contains("Secure") && !session.contains("Secure"))
      // A form without the login cookie's token is refused before the password is looked at.
      try await client.execute(
        uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: "csrf=x&email=s0180%40k.se&password=x")
      ) { #expect($0.status == .forbidden) }
    }
    await world.database.close()
  }
}
