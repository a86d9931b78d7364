import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import Store

/// `GET /login`, `POST /login`, `POST /logout`: sessions in an HttpOnly, SameSite=Strict cookie, a
/// new session at every login, and a CSRF token on every form.
struct LoginRoutes: Sendable {
  var accounts: AccountSettings
  var metrics: ServiceMetrics

  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self)
      .get("/login", use: page).post("/login", use: login)
      .post("/logout", use: logout)
  }

  func page(_ request: Request, context: ServerContext) -> Response {
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    return loginPage(context, language: language, problem: nil, status: .ok)
  }

  func loginPage(_ context: ServerContext, language: Language, problem: Problem?, status: HTTPResponse.Status)
    -> Response
  {
    let token = Secrets.token()
    let h = Escape.xml
    var main = ""
    if let problem {
      main += "<div class=\"notice\" role=\"alert\" id=\"fel\"><p>\(h(problem.message.text(language)))</p></div>\n"
    }
    // A refused login is about both fields (which one is wrong is not said); they point at the notice.
    let invalid = problem?.code == Problem.loginRefused.code ? " aria-invalid=\"true\" aria-describedby=\"fel\"" : ""
    main += """
      <form method="post" action="/login" class="login">
      <input type="hidden" name="csrf" value="\(h(token))" />
      <input type="hidden" name="lang" value="\(language.rawValue)" />
      <p><label for="email">\(h(language.say(sv: "E-postadress", en: "E-mail address")))</label><br />
      <input type="email" id="email" name="email" autocomplete="username" required="required"\(invalid) /></p>
      <p><label for="password">\(h(language.say(sv: "Lösenord", en: "Password")))</label><br />
      <input type="password" id="password" name="password" autocomplete="current-password" required="required"\(invalid) /></p>
      <p><button type="submit">\(h(language.say(sv: "Logga in", en: "Log in")))</button></p>
      </form>

      """
    let shell = PageShell(
      language: language, title: language.say(sv: "Logga in – lagkoll", en: "Log in – lagkoll"),
      heading: language.say(sv: "Logga in", en: "Log in"),
      meta: [], extraStyle: Markup.pageStyle + LoginRoutes.style, allowsForms: true)
    var response = Response.html(shell.render(main: main, footerNotes: []), language: language, status: status)
    response.headers[.setCookie] = SessionCookie.header(
      name: SessionCookie.loginName, value: token, maxAge: 3600, secure: accounts.secure(context))
    return response
  }

  func login(_ request: Request, context: ServerContext) async throws -> Response {
    let body = try await BodyReader.read(request, limit: 64 << 10, timeout: .seconds(30))
    let form = FormData.parse(body, contentType: request.headers[.contentType] ?? "") ?? FormData(fields: [])
    let language = SelfCheckRoutes.language(form.text("lang"))
    guard let sent = form.text("csrf"), let expected = request.cookies[SessionCookie.loginName]?.value,
      Secrets.constantTimeEquals(sent, expected)
    else { return loginPage(context, language: language, problem: .csrf, status: .forbidden) }
    let email = (form.text("email") ?? "").trimmingCharacters(in: .whitespaces)
    let now = accounts.now()
    let result = try await accounts.database.login(
      email: email, password: form.text("password") ?? "", address: context.client.address, policy: accounts.policy,
      at: now)
    switch result {
    case .throttled(let until):
      metrics.failedLogin("throttled")
      let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
      var response = loginPage(
        context, language: language, problem: .throttled(seconds: seconds), status: .tooManyRequests)
      response.headers[.retryAfter] = String(seconds)
      return response
    case .refused:
      metrics.failedLogin("refused")
      return loginPage(context, language: language, problem: .loginRefused, status: .unauthorized)
    case .success(let token, let session):
      var response = Response(status: .seeOther)
      response.headers[.location] = Self.home(session.user.role)
      response.headers[.cacheControl] = "no-store"
      let secure = accounts.secure(context)
      response.headers[values: .setCookie] = [
        SessionCookie.header(
          name: SessionCookie.name, value: token, maxAge: Int(accounts.policy.sessionLifetime), secure: secure),
        SessionCookie.header(name: SessionCookie.loginName, value: "", maxAge: 0, secure: secure),
      ]
      return response
    }
  }

  func logout(_ request: Request, context: ServerContext) async throws -> Response {
    let body = try await BodyReader.read(request, limit: 64 << 10, timeout: .seconds(30))
    let form = FormData.parse(body, contentType: request.headers[.contentType] ?? "") ?? FormData(fields: [])
    guard let token = request.cookies[SessionCookie.name]?.value,
      let session = try await accounts.database.session(token: token, at: accounts.now())
    else { throw Problem.unauthorized }
    guard let sent = form.text("csrf"), Secrets.constantTimeEquals(sent, session.csrf) else { throw Problem.csrf }
    try await accounts.database.logout(token: token, at: accounts.now())
    var response = Response(status: .seeOther)
    response.headers[.location] = "/"
    response.headers[.setCookie] = SessionCookie.header(
      name: SessionCookie.name, value: "", maxAge: 0, secure: accounts.secure(context))
    return response
  }

  static let style = """
    form.login { background: var(--paper); border: 1px solid var(--line); border-radius: 0.533rem; padding: 1.2rem 1.6rem; max-width: 28rem; }
    form.login input { width: 100%; }

    """

  /// Where a role starts after login.
  static func home(_ role: Role) -> String {
    switch role {
    case .samordnare(let kommun): "/kommun/\(kommun)"
    case .granskare(let lan?): "/lan/\(lan)"
    case .granskare(nil): "/riket"
    case .admin: "/admin/users"
    }
  }
}

/// The page for 401 and 403 outside the API: what happened, and the way to log in (as someone else).
enum AccessPage {
  static func render(_ problem: Problem, language: Language) -> String {
    let h = Escape.xml
    let heading =
      problem.status == .unauthorized
      ? (language.say(sv: "Logga in för att se sidan", en: "Log in to see this page"))
      : (language.say(sv: "Ingen åtkomst", en: "No access"))
    let shell = PageShell(
      language: language, title: "\(heading) – lagkoll", heading: heading, meta: [], extraStyle: Markup.pageStyle)
    let message = problem.message.text(language)
    let main = """
      <div class="notice" role="alert"><p>\(h(message.prefix(1).uppercased() + message.dropFirst()))</p></div>
      <p><a href="/login">\(h(language.say(sv: "Logga in", en: "Log in")))</a> · <a href="/">\(h(language.say(sv: "Kontrollera en plan utan att logga in", en: "Check a plan without logging in")))</a></p>

      """
    return shell.render(main: main, footerNotes: [])
  }
}
