import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import Store

/// `GET`/`POST /konto/losenord`: a signed-in user changes their own password (the current one is
/// required and throttled as a login is; the user's other sessions end, API tokens stay).
/// `GET`/`POST /admin/users/losenord`: an admin sets a user's password (every session of that user
/// ends). Both go through the store's one password rule and are audited there.
struct PasswordRoutes: Sendable {
  var accounts: AccountSettings

  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self)
      .get("/konto/losenord", use: page).post("/konto/losenord", use: change)
      .get("/admin/users/losenord", use: resetPage).post("/admin/users/losenord", use: reset)
  }

  /// A browser session: a bearer token has no password to change here and posts no forms.
  func session(_ request: Request) async throws -> (Identity, String) {
    let identity = try await accounts.require(request)
    guard identity.csrf != nil, let token = request.cookies[SessionCookie.name]?.value else { throw Problem.forbidden }
    return (identity, token)
  }

  func page(_ request: Request, context: ServerContext) async throws -> Response {
    let (identity, _) = try await session(request)
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    let done = request.uri.queryParameters["andrat"] == "1"
    return render(PasswordPage(identity: identity, language: language, done: done), status: .ok)
  }

  func change(_ request: Request, context: ServerContext) async throws -> Response {
    let (identity, token) = try await session(request)
    let form = try await AdminRoutes.form(request, identity)
    let language = SelfCheckRoutes.language(form.text("lang"))
    var page = PasswordPage(identity: identity, language: language)
    guard let new = page.newPassword(form) else { return render(page, status: .unprocessableContent) }
    let now = accounts.now()
    do {
      try await accounts.database.changePassword(
        email: identity.user.email, current: form.text("current") ?? "", new: new, keeping: token,
        address: context.client.address, policy: accounts.policy, at: now)
    } catch AccountError.throttled(let until) {
      let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
      page.errors[.current] = .throttled(until: until)
      var response = render(page, status: .tooManyRequests)
      response.headers[.retryAfter] = String(seconds)
      return response
    } catch let error as AccountError {
      page.errors[.current] = error
      return render(page, status: .unprocessableContent)
    } catch let error as StoreError {
      throw Problem.store(error, sv: "lösenordet kunde inte bytas", en: "the password could not be changed")
    }
    var response = Response(status: .seeOther)
    response.headers[.location] = "/konto/losenord?andrat=1\(language.say(sv: "", en: "&lang=en"))"
    return response
  }

  /// The admin's form for one user.
  func resetPage(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await accounts.requireAdmin(request)
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    guard let email = request.uri.queryParameters["email"].map(String.init),
      let user = try await accounts.database.user(email: email)
    else { throw Problem.notFound }
    return render(PasswordPage(identity: identity, language: language, resetting: user), status: .ok)
  }

  func reset(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await accounts.requireAdmin(request)
    let form = try await AdminRoutes.form(request, identity)
    let language = SelfCheckRoutes.language(form.text("lang"))
    guard let user = try await accounts.database.user(email: form.text("email") ?? "") else { throw Problem.notFound }
    var page = PasswordPage(identity: identity, language: language, resetting: user)
    guard let new = page.newPassword(form) else { return render(page, status: .unprocessableContent) }
    do {
      try await accounts.database.resetPassword(
        email: user.email, new: new, policy: accounts.policy, actor: identity.user.email, at: accounts.now())
    } catch let error as StoreError {
      throw Problem.store(error, sv: "lösenordet kunde inte sättas", en: "the password could not be set")
    }
    return AdminRoutes.back(language, query: "losenord=" + AdminRoutes.queryValue(user.email))
  }

  func render(_ page: PasswordPage, status: HTTPResponse.Status) -> Response {
    .html(page.render(), language: page.language, status: status)
  }
}

/// The form to change one's own password, or (with `resetting`) an admin's form to set another's.
/// Each error is tied to its field (`aria-describedby`, `aria-invalid`) and announced in a summary
/// that takes focus order first; the rules are said before the fields, not only after a mistake.
struct PasswordPage {
  enum Field: String { case current, new, `repeat` }

  var identity: Identity
  var language: Language
  var done = false
  var resetting: User? = nil
  var errors: [Field: AccountError] = [:]
  var mismatch = false

  private func h(_ text: String) -> String { Escape.xml(text) }

  /// The form's new password if it passes the rule and was typed the same twice; otherwise nil, with
  /// the error set on its field.
  mutating func newPassword(_ form: FormData) -> String? {
    let new = form.text("new") ?? ""
    if let problem = PasswordRule.problem(new) {
      errors[.new] = problem
      return nil
    }
    guard new == form.text("repeat") else {
      mismatch = true
      return nil
    }
    return new
  }

  func message(_ field: Field) -> String? {
    if field == .repeat, mismatch {
      return language.say(sv: "de två nya lösenorden är inte lika", en: "the two new passwords differ")
    }
    guard let error = errors[field] else { return nil }
    return language.say(sv: error.sv, en: error.en)
  }

  func render() -> String {
    let heading =
      resetting.map { language.say(sv: "Nytt lösenord för \($0.email)", en: "New password for \($0.email)") }
      ?? (language.say(sv: "Byt lösenord", en: "Change password"))
    let shell = PageShell(
      language: language, title: "\(heading) – lagkoll", heading: heading, meta: [],
      extraStyle: Markup.pageStyle + Self.style, allowsForms: true)
    var out = AccountBar.render(identity, language: language)
    if done {
      out +=
        "<div class=\"notice ok\" role=\"status\"><p>\(h(language.say(sv: "Lösenordet är bytt. Dina andra inloggningar har avslutats; dina API-nycklar gäller som förut.", en: "Your password was changed. Your other sessions have ended; your API tokens still work.")))</p></div>\n"
    }
    let fields: [Field] = resetting == nil ? [.current, .new, .repeat] : [.new, .repeat]
    let problems = fields.compactMap { field in message(field).map { (field, $0) } }
    if !problems.isEmpty {
      out +=
        "<div class=\"notice\" role=\"alert\" id=\"fel\"><p>\(h(language.say(sv: "Lösenordet byttes inte:", en: "The password was not changed:")))</p><ul>"
      for (field, text) in problems {
        out += "<li><a href=\"#\(field.rawValue)\">\(h(label(field))): \(h(text))</a></li>"
      }
      out += "</ul></div>\n"
    }
    let action = resetting == nil ? "/konto/losenord" : "/admin/users/losenord"
    out += """
      <form method="post" action="\(action)" class="password" accept-charset="utf-8" novalidate="novalidate">
      <input type="hidden" name="csrf" value="\(h(identity.csrf ?? ""))" />
      <input type="hidden" name="lang" value="\(language.rawValue)" />

      """
    if let user = resetting {
      out += "<input type=\"hidden\" name=\"email\" value=\"\(h(user.email))\" />\n"
      out +=
        "<p>\(h(language.say(sv: "Användarens alla inloggningar avslutas; API-nycklarna gäller som förut. Ändringen står i granskningsloggen.", en: "All the user's sessions end; API tokens still work. The change is in the audit log.")))</p>\n"
    } else {
      out +=
        "<p>\(h(language.say(sv: "Dina andra inloggningar avslutas när lösenordet är bytt; den här fortsätter, och API-nycklarna gäller som förut.", en: "Your other sessions end when the password is changed; this one goes on, and API tokens still work.")))</p>\n"
    }
    out +=
      "<p id=\"regel\" class=\"hint\">\(h(language.say(sv: "Ett nytt lösenord har 12–72 tecken (å, ä, ö och andra bokstäver utanför engelskan räknas dubbelt) och inga styrtecken.", en: "A new password has 12–72 characters (letters beyond English count twice) and no control characters.")))</p>\n"
    for field in fields {
      let error = message(field)
      var described = error == nil ? [] : ["\(field.rawValue)-fel"]
      if field != .current { described.append("regel") }
      let autocomplete = field == .current ? "current-password" : "new-password"
      out += "<p><label for=\"\(field.rawValue)\">\(h(label(field)))</label>\n"
      if let error {
        out += "<span class=\"error\" id=\"\(field.rawValue)-fel\">\(h(error))</span>\n"
      }
      out +=
        "<input type=\"password\" id=\"\(field.rawValue)\" name=\"\(field.rawValue)\" required=\"required\" autocomplete=\"\(autocomplete)\""
      if !described.isEmpty { out += " aria-describedby=\"\(described.joined(separator: " "))\"" }
      if error != nil { out += " aria-invalid=\"true\"" }
      out += " /></p>\n"
    }
    out +=
      "<p><button type=\"submit\">\(h(resetting == nil ? (language.say(sv: "Byt lösenord", en: "Change password")) : (language.say(sv: "Sätt lösenordet", en: "Set the password"))))</button></p>\n</form>\n"
    if resetting != nil {
      out +=
        "<p><a href=\"/admin/users\(language.say(sv: "", en: "?lang=en"))\">\(h(language.say(sv: "Tillbaka till användarna", en: "Back to the users")))</a></p>\n"
    }
    return shell.render(main: out, footerNotes: [])
  }

  func label(_ field: Field) -> String {
    switch field {
    case .current: language.say(sv: "Nuvarande lösenord", en: "Current password")
    case .new: language.say(sv: "Nytt lösenord", en: "New password")
    case .repeat: language.say(sv: "Nytt lösenord igen", en: "New password again")
    }
  }

  static let style = """
    form.password { background: var(--paper); border: 1px solid var(--line); border-radius: 0.533rem; padding: 1.2rem 1.6rem; max-width: 32rem; }
    form.password input[type=password] { width: 100%; }
    form.password label { display: block; font-weight: 600; }
    form.password .error { display: block; color: var(--error, #a4000f); }
    form.password .hint { color: var(--muted); }

    """
}
