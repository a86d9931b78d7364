import Foundation
import Hummingbird
import HummingbirdTesting
import LagkollServer
import Logging
import PlanDocument
import Store
import Testing

/// Issue 20's security points at the service's edge: forwarded headers and HSTS, throttled logins,
/// expiring tokens, password rules in the admin's form, changing and resetting a password, /metrics.
@Suite struct SecurityRouteTests {
  static let clock = AuthorizationTests.clock
  static let password = AuthorizationTests.password

  final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ value: Date) { self.value = value }
    var now: Date {
      get { lock.withLock { value } }
      set { lock.withLock { value = newValue } }
    }
  }

  static func application(
    _ database: Database, trusted: [String] = [], clock: Clock = Clock(SecurityRouteTests.clock),
    policy: AccountPolicy = AuthorizationTests.policy
  ) throws -> some ApplicationProtocol {
    let settings = ServiceSettings(
      port: 0, trustedProxies: try TrustedProxies(parsing: trusted), now: { clock.now })
    var logger = Logger(label: "lagkoll-security-test")
    logger.logLevel = .critical
    return LagkollApplication.make(
      settings: settings, service: CheckService(ruleSet: Fixture.ruleSet, maxDocumentSize: settings.maxBodySize),
      accounts: AccountSettings(database: database, policy: policy, now: settings.now), logger: logger)
  }

  /// GET /login for its cookie and token, then POST /login; the status, the session cookie and headers.
  static func login(
    _ client: some TestClientProtocol, email: String, password: String, headers: HTTPFields = [:]
  ) async throws -> (status: Int, session: String?, headers: HTTPFields) {
    let (cookie, token) = try await client.execute(uri: "/login", method: .get, headers: headers) { response in
      let cookie = (response.headers[.setCookie] ?? "").split(separator: ";")[0]
      let token = response.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.1) }
      return (String(cookie), token ?? "")
    }
    var fields = headers
    fields[.contentType] = "application/x-www-form-urlencoded"
    fields[.cookie] = cookie
    let encoded = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
    return try await client.execute(
      uri: "/login", method: .post, headers: fields,
      body: ByteBuffer(string: "csrf=\(token)&email=\(encoded(email))&password=\(encoded(password))")
    ) { response in
      let session = response.headers[values: .setCookie].first { $0.hasPrefix("lagkoll_session=") }
        .map { String($0.split(separator: ";")[0]) }
      return (Int(response.status.code), session, response.headers)
    }
  }

  /// Before: anyone's `X-Forwarded-Proto: https` made the cookies Secure, and nothing said HSTS.
  @Test func forwardedHeadersOnlyFromTrustedProxies() async throws {
    let world = try await AuthorizationTests.world()
    let forwarded: HTTPFields = [
      .init("X-Forwarded-Proto")!: "https", .init("X-Forwarded-For")!: "198.51.100.7, 203.0.113.5",
    ]
    // Nobody trusted: the headers are ignored; the audit log has the connection's own address.
    try await Self.application(world.database).test(.live) { client in
      let (status, _, headers) = try await Self.login(
        client, email: "s0180@k.se", password: "fel lösenord 12", headers: forwarded)
      #expect(status == 401)
      #expect(headers[.init("Strict-Transport-Security")!] == nil)
      try await client.execute(uri: "/login", method: .get, headers: forwarded) { response in
        #expect(!(response.headers[.setCookie] ?? "").contains("Secure"))
        #expect(response.headers[.init("Strict-Transport-Security")!] == nil)
      }
    }
    // Loopback trusted: the client is the nearest untrusted hop, the request came through TLS.
    try await Self.application(world.database, trusted: ["127.0.0.0/8", "::1"]).test(.live) { client in
      let (status, session, headers) = try await Self.login(
        client, email: "s0180@k.se", password: Self.password, headers: forwarded)
      #expect(status == 303)
      #expect(headers[.init("Strict-Transport-Security")!] == "max-age=31536000")
      #expect(headers[values: .setCookie].allSatisfy { $0.contains("; Secure") } && session != nil)
      try await client.execute(uri: "/healthz", method: .get, headers: forwarded) { response in
        #expect(response.headers[.init("Strict-Transport-Security")!] == "max-age=31536000")
      }
      try await client.execute(uri: "/healthz", method: .get) { response in
        #expect(response.headers[.init("Strict-Transport-Security")!] == nil, "plain HTTP from the proxy")
      }
    }
    let logins = try await world.database.auditLog().filter { $0.action == .login && $0.subject == "s0180@k.se" }
    #expect(logins.suffix(2).map(\.detail) == ["address=127.0.0.1", "address=203.0.113.5"])
    #expect(throws: (any Error).self) { try TrustedProxies(parsing: ["10.0.0.0/33"]) }
    #expect(throws: (any Error).self) { try TrustedProxies(parsing: ["proxy.example"]) }
    await world.database.close()
  }

  @Test func throttledLoginSaysWhenToComeBack() async throws {
    let world = try await AuthorizationTests.world()
    try await Self.application(world.database).test(.router) { client in
      var statuses: [Int] = []
      var retry: String?
      for _ in 0..<6 {
        let (status, _, headers) = try await Self.login(client, email: "g01@l.se", password: "fel lösenord 12")
        statuses.append(status)
        retry = headers[.retryAfter] ?? retry
      }
      #expect(statuses == [401, 401, 401, 401, 401, 429])
      #expect(retry == "2")
    }
    await world.database.close()
  }

  /// Before: tokens never expired.
  @Test func anExpiredTokenIsRefused() async throws {
    let world = try await AuthorizationTests.world()
    let clock = Clock(Self.clock)
    let token = try await world.database.issueToken(
      email: "s0180@k.se", expiresAt: Self.clock.addingTimeInterval(3600), actor: "t", at: Self.clock)
    try await Self.application(world.database, clock: clock).test(.router) { client in
      let headers: HTTPFields = [.authorization: "Bearer " + token]
      let path = "/api/v1/submissions/\(world.submission0180)"
      try await client.execute(uri: path, method: .get, headers: headers) { #expect($0.status == .ok) }
      clock.now = Self.clock.addingTimeInterval(3600)
      try await client.execute(uri: path, method: .get, headers: headers) { #expect($0.status == .unauthorized) }
    }
    await world.database.close()
  }

  /// Before: a password of NUL and 15 characters was accepted on the admin's page.
  @Test func theAdminsFormRefusesWhatBcryptWouldCutOff() async throws {
    let world = try await AuthorizationTests.world()
    let admin = world.headers[.admin]!
    let csrf = admin[.init("X-CSRF-Token")!]!
    try await Self.application(world.database).test(.router) { client in
      for (password, message) in [
        ("%00" + String(repeating: "x", count: 15), "styrtecken"),
        (String(repeating: "a", count: 73), "högst 72 byte"),
      ] {
        var headers = admin
        headers[.contentType] = "application/x-www-form-urlencoded"
        try await client.execute(
          uri: "/admin/users", method: .post, headers: headers,
          body: ByteBuffer(string: "csrf=\(csrf)&email=ny%40k.se&role=admin&password=\(password)")
        ) { response in
          #expect(response.status == .unprocessableContent)
          #expect(response.text.contains(message))
        }
      }
    }
    #expect(try await world.database.user(email: "ny@k.se") == nil)
    await world.database.close()
  }

  @Test func aUserChangesTheirPasswordAndOtherSessionsEnd() async throws {
    let world = try await AuthorizationTests.world()
    let token = try await world.database.issueToken(email: "g01@l.se", actor: "t", at: Self.clock)
    try await Self.application(world.database).test(.router) { client in
      let (_, first, _) = try await Self.login(client, email: "g01@l.se", password: Self.password)
      let (_, second, _) = try await Self.login(client, email: "g01@l.se", password: Self.password)
      let mine = try #require(first)
      let other = try #require(second)
      let csrf = try await client.execute(uri: "/konto/losenord", method: .get, headers: [.cookie: mine]) { response in
        #expect(response.status == .ok)
        // Labelled fields, the rule said before any mistake.
        #expect(response.text.contains("<label for=\"current\">Nuvarande lösenord</label>"))
        #expect(response.text.contains("aria-describedby=\"regel\""))
        return response.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/).map { String($0.1) } ?? ""
      }
      func post(_ body: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(
          uri: "/konto/losenord", method: .post,
          headers: [.cookie: mine, .contentType: "application/x-www-form-urlencoded"],
          body: ByteBuffer(string: "csrf=\(csrf)&" + body)
        ) { ($0.status, $0.text) }
      }
      let newPassword = "ett nytt långt lösenord"
      let encodedNew = newPassword.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
      let encodedOld = Self.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
      // A wrong current password: the error is tied to its field.
      let (wrong, page) = try await post("current=fel&new=\(encodedNew)&repeat=\(encodedNew)")
      #expect(wrong == .unprocessableContent)
      #expect(page.contains("id=\"current-fel\"") && page.contains("aria-describedby=\"current-fel\""))
      #expect(page.contains("aria-invalid=\"true\"") && page.contains("role=\"alert\""))
      let (short, shortPage) = try await post("current=\(encodedOld)&new=kort&repeat=kort")
      #expect(short == .unprocessableContent && shortPage.contains("aria-describedby=\"new-fel regel\""))
      let (differ, differPage) = try await post("current=\(encodedOld)&new=\(encodedNew)&repeat=\(encodedNew)x")
      #expect(differ == .unprocessableContent && differPage.contains("inte lika"))
      // Without the form's token, nothing changes.
      try await client.execute(
        uri: "/konto/losenord", method: .post,
        headers: [.cookie: mine, .contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: "current=\(encodedOld)&new=\(encodedNew)&repeat=\(encodedNew)")
      ) { #expect($0.status == .forbidden) }
      let (changed, _) = try await post("current=\(encodedOld)&new=\(encodedNew)&repeat=\(encodedNew)")
      #expect(changed == .seeOther)
      // This session goes on, the other one has ended, the token still works.
      try await client.execute(uri: "/konto/losenord?andrat=1", method: .get, headers: [.cookie: mine]) {
        #expect($0.status == .ok && $0.text.contains("Lösenordet är bytt"))
      }
      try await client.execute(uri: "/lan/01", method: .get, headers: [.cookie: other]) {
        #expect($0.status == .unauthorized)
      }
      try await client.execute(uri: "/lan/01", method: .get, headers: [.authorization: "Bearer " + token]) {
        #expect($0.status == .ok)
      }
      #expect(try await Self.login(client, email: "g01@l.se", password: Self.password).status == 401)
      #expect(try await Self.login(client, email: "g01@l.se", password: newPassword).status == 303)
    }
    let audit = try await world.database.auditLog().filter { $0.action == .passwordChanged }
    #expect(audit.map(\.outcome) == [.refused, .ok] && audit.allSatisfy { $0.actor == "g01@l.se" })
    await world.database.close()
  }

  @Test func anAdminResetsAPassword() async throws {
    let world = try await AuthorizationTests.world()
    let admin = world.headers[.admin]!
    let csrf = admin[.init("X-CSRF-Token")!]!
    try await Self.application(world.database).test(.router) { client in
      try await client.execute(uri: "/admin/users", method: .get, headers: admin) { response in
        #expect(response.text.contains("/admin/users/losenord?email=s0180@k.se"))
      }
      var headers = admin
      headers[.contentType] = "application/x-www-form-urlencoded"
      try await client.execute(
        uri: "/admin/users/losenord", method: .post, headers: headers,
        body: ByteBuffer(
          string: "csrf=\(csrf)&email=s0180%40k.se&new=ett+annat+l%C3%B6senord&repeat=ett+annat+l%C3%B6senord")
      ) { response in
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/admin/users?losenord=s0180@k.se")
      }
      // The user's sessions have ended; the new password works.
      try await client.execute(uri: "/kommun/0180", method: .get, headers: world.headers[.samordnare0180]!) {
        #expect($0.status == .unauthorized)
      }
      #expect(try await Self.login(client, email: "s0180@k.se", password: "ett annat lösenord").status == 303)
      // A coordinator cannot reset anyone's.
      var other = world.headers[.samordnare1280]!
      other[.contentType] = "application/x-www-form-urlencoded"
      try await client.execute(
        uri: "/admin/users/losenord", method: .post, headers: other,
        body: ByteBuffer(string: "csrf=\(other[.init("X-CSRF-Token")!]!)&email=s0180%40k.se&new=x&repeat=x")
      ) { #expect($0.status == .forbidden) }
    }
    let audit = try await world.database.auditLog().filter { $0.action == .passwordReset }
    #expect(audit.map(\.actor) == ["a@k.se"] && audit.map(\.subject) == ["s0180@k.se"])
    await world.database.close()
  }

  @Test func metricsForAdminsInPrometheusText() async throws {
    let world = try await AuthorizationTests.world()
    let token = try await world.database.issueToken(email: "a@k.se", actor: "t", at: Self.clock)
    try await Self.application(world.database).test(.router) { client in
      _ = try await Self.login(client, email: "s0180@k.se", password: "fel lösenord 12")
      try await client.execute(
        uri: "/api/v1/check", method: .post, headers: [.contentType: "application/xml"],
        body: ByteBuffer(bytes: Fixture.sample("komplett.xml"))
      ) { #expect($0.status == .ok) }
      try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
      try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer " + token]) {
        response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = response.text
        #expect(text.contains("lagkoll_login_failures_total{reason=\"refused\"} 1"))
        #expect(text.contains("lagkoll_http_requests_total{route=\"/api/v1/check\",method=\"POST\",status=\"200\"} 1"))
        #expect(text.contains("lagkoll_check_duration_seconds_count 1"))
        #expect(text.contains("lagkoll_database_bytes "))
        #expect(!text.contains("route=\"/nowhere\""))
      }
    }
    await world.database.close()
  }
}
