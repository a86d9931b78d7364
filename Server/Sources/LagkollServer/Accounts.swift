import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import RuleEngine
import Store

/// Everything the routes that need an account share: the database, the login policy and whether
/// cookies must say `Secure`.
public struct AccountSettings: Sendable {
  public var database: Database
  public var policy: AccountPolicy
  /// The server's one clock, read only at the edge: `serve` gives the same closure as `ServiceSettings.now`,
  /// tests a fixed one. Sessions, throttling, stored times and today's date come from it.
  var now: @Sendable () -> Date
  /// `Secure` on every cookie: set when the server is reached only through TLS. A request that came
  /// through TLS (`X-Forwarded-Proto: https` from a trusted proxy, see TrustedProxies) gets it anyway.
  public var secureCookies: Bool

  public init(
    database: Database, policy: AccountPolicy = AccountPolicy(), secureCookies: Bool = false,
    now: @escaping @Sendable () -> Date
  ) {
    self.database = database
    self.now = now
    self.policy = policy
    self.secureCookies = secureCookies
  }
}

/// Who is asking: a signed-in browser (with its CSRF token) or a system with a bearer token.
struct Identity: Sendable {
  var user: User
  /// The session's CSRF token; nil for a bearer token, which a browser never sends by itself.
  var csrf: String?

  /// A form post: its `csrf` field must be the session's token (a bearer token posts no forms).
  func checkFormToken(_ form: FormData) throws {
    guard let csrf, let sent = form.text("csrf"), Secrets.constantTimeEquals(sent, csrf) else {
      throw Problem.csrf
    }
  }

  /// An API call: a browser's session must send its token in `X-CSRF-Token`, so that a cookie alone
  /// never acts; a bearer token needs none.
  func checkHeaderToken(_ request: Request) throws {
    guard let csrf else { return }
    guard let sent = request.headers[.init("X-CSRF-Token")!], Secrets.constantTimeEquals(sent, csrf) else {
      throw Problem.csrf
    }
  }
}

enum SessionCookie {
  static let name = "lagkoll_session"
  /// Before login there is no session: the login form's CSRF token is a cookie of its own that the
  /// form must repeat (double submit).
  static let loginName = "lagkoll_login"

  static func header(name: String, value: String, maxAge: Int?, secure: Bool) -> String {
    var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Strict"]
    if let maxAge { parts.append("Max-Age=\(maxAge)") }
    if secure { parts.append("Secure") }
    return parts.joined(separator: "; ")
  }
}

extension AccountSettings {
  func secure(_ context: ServerContext) -> Bool {
    secureCookies || context.client.secure
  }

  /// The identity a request carries: `Authorization: Bearer` wins over the cookie.
  func identity(_ request: Request) async throws -> Identity? {
    if let authorization = request.headers[.authorization] {
      let parts = authorization.split(separator: " ", maxSplits: 1)
      guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
      let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
      return try await database.user(bearerToken: token, at: now()).map {
        Identity(user: $0, csrf: nil)
      }
    }
    guard let token = request.cookies[SessionCookie.name]?.value, !token.isEmpty,
      let session = try await database.session(token: token, at: now())
    else { return nil }
    return Identity(user: session.user, csrf: session.csrf)
  }

  /// The identity, or 401.
  func require(_ request: Request) async throws -> Identity {
    guard let identity = try await identity(request) else { throw Problem.unauthorized }
    return identity
  }

  /// An admin's identity; 401 without one, 403 for other roles.
  func requireAdmin(_ request: Request) async throws -> Identity {
    let identity = try await require(request)
    guard identity.user.role == .admin else { throw Problem.forbidden }
    return identity
  }
}

extension Problem {
  static let unauthorized = Problem(
    .unauthorized, "unauthorized", sv: "logga in eller skicka en API-nyckel (Authorization: Bearer)",
    en: "log in or send an API token (Authorization: Bearer)")
  static let forbidden = Problem(
    .forbidden, "forbidden", sv: "ditt konto får inte göra detta", en: "your account may not do this")
  static let csrf = Problem(
    .forbidden, "csrf", sv: "formuläret är för gammalt eller kom inte härifrån; ladda om sidan och försök igen",
    en: "the form is stale or did not come from here; reload the page and try again")
  /// Too many failed logins lately: the wait is progressive and bounded (see AccountPolicy).
  static func throttled(seconds: Int) -> Problem {
    let minutes = (seconds + 59) / 60
    return Problem(
      .tooManyRequests, "throttled",
      sv:
        "för många misslyckade inloggningar; försök igen om \(seconds < 60 ? "\(seconds) sekunder" : "\(minutes) minuter")",
      en: "too many failed logins; try again in \(seconds < 60 ? "\(seconds) seconds" : "\(minutes) minutes")")
  }
  static let loginRefused = Problem(
    .unauthorized, "login-refused", sv: "fel e-postadress eller lösenord", en: "wrong e-mail address or password")
  /// The database could not be written: `sv` and `en` say what was therefore not done.
  static func store(_ error: StoreError, sv: String, en: String) -> Problem {
    Problem(
      .serviceUnavailable, "store-unavailable",
      sv: "\(sv): databasen kan inte skrivas just nu", en: "\(en): the database cannot be written now")
  }
}
