import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import RuleEngine
import Store

/// `GET /admin/users`, `POST /admin/users` (add), `POST /admin/users/disable`: an admin manages
/// accounts in the browser, through the same store calls as `lagkoll-server users` (one way to hash a
/// password, one audit line per change, the admin's address as the actor).
struct AdminRoutes: Sendable {
  var accounts: AccountSettings
  var ruleSet: RuleSet

  /// Added at `/admin`.
  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self)
      .get("users", use: page).post("users", use: add)
      .post("users/disable", use: disable)
  }

  /// The signed-in admin, with the session's CSRF token; 401 without an identity, 403 for others.
  func admin(_ request: Request) async throws -> Identity {
    try await accounts.requireAdmin(request)
  }

  func page(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await admin(request)
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    let users = try await accounts.database.users()
    // The link back after a change names the user; the page says it is done only when the list agrees
    // (any URL can carry ?ny= or ?avstangd=, and no text from it is shown as a confirmation).
    func listed(_ parameter: String, disabled: Bool) -> User? {
      guard let email = request.uri.queryParameters[Substring(parameter)].map({ String($0).lowercased() }) else {
        return nil
      }
      return users.first { $0.email.lowercased() == email && $0.disabled == disabled }
    }
    var notice: (String, Bool)?
    if let added = listed("ny", disabled: false) {
      notice = (
        language.say(sv: "Användaren \(added.email) är tillagd.", en: "The user \(added.email) was added."), true
      )
    } else if let disabled = listed("avstangd", disabled: true) {
      notice = (
        language.say(sv: "Användaren \(disabled.email) är avstängd.", en: "The user \(disabled.email) is disabled."),
        true
      )
    } else if let reset = listed("losenord", disabled: false) {
      notice = (
        language.say(
          sv: "Användaren \(reset.email) har ett nytt lösenord; alla dess inloggningar är avslutade.",
          en: "The user \(reset.email) has a new password; all its sessions have ended."), true
      )
    }
    return try await render(identity, language: language, notice: notice, status: .ok, users: users)
  }

  func render(
    _ identity: Identity, language: Language, notice: (String, Bool)?, status: HTTPResponse.Status,
    form: FormData? = nil, invalid: Set<String> = [], users: [User]? = nil
  ) async throws -> Response {
    var users = users ?? []
    if users.isEmpty { users = try await accounts.database.users() }
    let html = AdminPage(
      identity: identity, users: users, language: language, notice: notice, form: form, invalid: invalid
    ).render()
    return .html(html, language: language, status: status)
  }

  func add(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await admin(request)
    let form = try await Self.form(request, identity)
    let language = SelfCheckRoutes.language(form.text("lang"))
    let email = (form.text("email") ?? "").trimmingCharacters(in: .whitespaces)
    /// The form again with the reason, which `fields` point at.
    func refuse(_ sv: String, _ en: String, _ fields: Set<String>) async throws -> Response {
      try await render(
        identity, language: language, notice: (language.say(sv: sv, en: en), false), status: .unprocessableContent,
        form: form, invalid: fields)
    }
    guard email.contains("@"), email.count <= 254, !email.contains(where: \.isWhitespace) else {
      return try await refuse("ange en e-postadress", "give an e-mail address", ["email"])
    }
    guard !PlainText.hasControl(email) else {
      return try await refuse(
        "e-postadressen får inte innehålla styr- eller formattecken (till exempel osynliga tecken)",
        "the e-mail address must not hold control or format characters (invisible ones, for example)", ["email"])
    }
    let nonEmpty = { (name: String) in
      form.text(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }
    let choice = form.text("role") ?? ""
    let role: Role
    do {
      role = try RoleChoice.role(
        name: choice == "riket" ? "granskare" : choice, kommun: choice == "samordnare" ? nonEmpty("kommun") : nil,
        lan: choice == "granskare" ? nonEmpty("lan") : nil, riket: choice == "riket", ruleSet: ruleSet)
    } catch let invalid as RoleChoice.Invalid {
      return try await refuse(invalid.message.sv, invalid.message.en, ["role", "kommun", "lan"])
    }
    do {
      _ = try await accounts.database.addUser(
        email: email, role: role, password: form.text("password") ?? "", policy: accounts.policy,
        actor: identity.user.email, at: accounts.now())
    } catch AccountError.exists {
      return try await refuse("användaren \(email) finns redan", "the user \(email) exists already", ["email"])
    } catch AccountError.invalidEmail {
      return try await refuse(
        "e-postadressen får inte innehålla styr- eller formattecken",
        "the e-mail address must not hold control or format characters", ["email"])
    } catch let error as AccountError {
      // The password rule's own words (PasswordRule): too short, too long, a control character.
      return try await refuse(error.sv, error.en, ["password"])
    } catch let error as StoreError {
      throw Problem.store(error, sv: "användaren kunde inte läggas till", en: "the user could not be added")
    }
    return Self.back(language, query: "ny=" + Self.queryValue(email))
  }

  func disable(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await admin(request)
    let form = try await Self.form(request, identity)
    let language = SelfCheckRoutes.language(form.text("lang"))
    let email = form.text("email") ?? ""
    // An admin cannot lock the door behind itself; another admin (or the command line) can.
    guard email.lowercased() != identity.user.email.lowercased() else {
      return try await render(
        identity, language: language,
        notice: (language.say(sv: "du kan inte stänga av dig själv", en: "you cannot disable yourself"), false),
        status: .unprocessableContent)
    }
    do {
      try await accounts.database.disableUser(email: email, actor: identity.user.email, at: accounts.now())
    } catch AccountError.unknown {
      throw Problem.notFound
    } catch let error as StoreError {
      throw Problem.store(error, sv: "användaren kunde inte stängas av", en: "the user could not be disabled")
    }
    return Self.back(language, query: "avstangd=" + Self.queryValue(email))
  }

  /// The posted form, after its CSRF token is checked against the session's.
  static func form(_ request: Request, _ identity: Identity) async throws -> FormData {
    let body = try await BodyReader.read(request, limit: 64 << 10, timeout: .seconds(30))
    let form = FormData.parse(body, contentType: request.headers[.contentType] ?? "") ?? FormData(fields: [])
    try identity.checkFormToken(form)
    return form
  }

  static func back(_ language: Language, query: String) -> Response {
    var response = Response(status: .seeOther)
    response.headers[.location] = "/admin/users?\(query)\(language.say(sv: "", en: "&lang=en"))"
    return response
  }

  static func queryValue(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._@"))) ?? ""
  }
}

/// The admin's page: the form to add a user, and every user with a button to disable it.
struct AdminPage {
  var identity: Identity
  var users: [User]
  var language: Language
  var notice: (String, Bool)?
  var form: FormData?
  /// The fields the notice is about: marked invalid, and pointing at it.
  var invalid: Set<String> = []

  private func h(_ text: String) -> String { Escape.xml(text) }
  private func marked(_ id: String) -> String {
    invalid.contains(id) ? " aria-invalid=\"true\" aria-describedby=\"fel\"" : ""
  }

  func render() -> String {
    let shell = PageShell(
      language: language, title: language.say(sv: "Användare – lagkoll", en: "Users – lagkoll"),
      heading: language.say(sv: "Användare", en: "Users"),
      meta: [(language.say(sv: "Konton", en: "Accounts"), String(users.count))],
      contents: [
        ("ny", language.say(sv: "Lägg till", en: "Add")),
        ("anvandare", language.say(sv: "Alla användare", en: "All users")),
      ],
      extraStyle: Markup.pageStyle + AdminPage.style, allowsForms: true)
    var out = AccountBar.render(identity, language: language)
    if let (text, ok) = notice {
      out +=
        "<div class=\"notice\(ok ? " ok" : "")\" role=\"\(ok ? "status" : "alert")\"\(ok ? "" : " id=\"fel\"")><p>\(h(text))</p></div>\n"
    }
    out += addForm()
    out += list()
    out += "<p><a href=\"/riket\">\(h(language.say(sv: "Riket", en: "Sweden")))</a></p>\n"
    return shell.render(
      main: out,
      footerNotes: [
        language.say(
          sv: "Varje ändring står i granskningsloggen (lagkoll-server audit).",
          en: "Every change is in the audit log (lagkoll-server audit).")
      ])
  }

  func addForm() -> String {
    let role = form?.text("role") ?? "samordnare"
    func option(_ value: String, _ label: String) -> String {
      "<option value=\"\(value)\"\(role == value ? " selected=\"selected\"" : "")>\(h(label))</option>"
    }
    return """
      <section id="ny">
      <h2>\(h(language.say(sv: "Lägg till en användare", en: "Add a user")))</h2>
      <form method="post" action="/admin/users" class="add-user" accept-charset="utf-8">
      <input type="hidden" name="csrf" value="\(h(identity.csrf ?? ""))" />
      <input type="hidden" name="lang" value="\(language.rawValue)" />
      <div class="fields">
      <p><label for="email">\(h(language.say(sv: "E-postadress", en: "E-mail address")))</label>
      <input type="email" id="email" name="email" required="required" value="\(h(form?.text("email") ?? ""))" autocomplete="off"\(marked("email")) /></p>
      <p><label for="password">\(h(language.say(sv: "Lösenord (12–72 tecken; å, ä och ö räknas dubbelt)", en: "Password (12–72 characters; letters beyond English count twice)")))</label>
      <input type="password" id="password" name="password" required="required" minlength="12" maxlength="72" autocomplete="new-password"\(marked("password")) /></p>
      <p><label for="role">\(h(language.say(sv: "Roll", en: "Role")))</label>
      <select id="role" name="role"\(marked("role"))>\(option("samordnare", language.say(sv: "Samordnare (en kommun)", en: "Coordinator (one municipality)")))\(option("granskare", language.say(sv: "Granskare (ett län)", en: "Reviewer (one county)")))\(option("riket", language.say(sv: "Granskare för riket (Brå)", en: "Reviewer of the country (Brå)")))\(option("admin", "Admin"))</select></p>
      <p><label for="kommun">\(h(language.say(sv: "Kommunkod (samordnare)", en: "Municipality code (coordinator)")))</label>
      <input type="text" id="kommun" name="kommun" inputmode="numeric" pattern="[0-9]{4}" size="6" value="\(h(form?.text("kommun") ?? ""))"\(marked("kommun")) /></p>
      <p><label for="lan">\(h(language.say(sv: "Länskod (granskare)", en: "County code (reviewer)")))</label>
      <input type="text" id="lan" name="lan" size="6" value="\(h(form?.text("lan") ?? ""))"\(marked("lan")) /></p>
      </div>
      <p><button type="submit">\(h(language.say(sv: "Lägg till", en: "Add")))</button></p>
      </form>
      </section>

      """
  }

  func list() -> String {
    var out =
      "<section id=\"anvandare\">\n<h2>\(h(language.say(sv: "Alla användare", en: "All users"))) (\(users.count))</h2>\n"
    out +=
      "<table class=\"users\">\n"
      + PageShell.tableHead(
        language.say(
          sv: ["E-postadress", "Roll", "Omfattning", "Skapad", "Status", ""],
          en: ["E-mail address", "Role", "Scope", "Created", "Status", ""]))
    out += "<tbody>\n"
    for user in users {
      let scope: String
      switch user.role {
      case .samordnare(let kommun): scope = (language.say(sv: "kommun ", en: "municipality ")) + kommun
      case .granskare(let lan?): scope = (language.say(sv: "län ", en: "county ")) + lan
      case .granskare(nil): scope = language.say(sv: "riket", en: "the country")
      case .admin: scope = language.say(sv: "alla", en: "all")
      }
      out +=
        "<tr\(user.disabled ? " class=\"disabled\"" : "")><td>\(h(user.email))</td><td>\(h(user.role.name))</td><td>\(h(scope))</td><td>\(h(KommunPage.day(user.createdAt)))</td>"
      out +=
        "<td>\(h(user.disabled ? (language.say(sv: "avstängd", en: "disabled")) : (language.say(sv: "aktiv", en: "active"))))</td><td>"
      if !user.disabled {
        let query = "email=" + AdminRoutes.queryValue(user.email) + (language.say(sv: "", en: "&lang=en"))
        let name = (language.say(sv: "Nytt lösenord för ", en: "New password for ")) + user.email
        out +=
          "<a href=\"/admin/users/losenord?\(h(query))\" class=\"reset\" aria-label=\"\(h(name))\">\(h(language.say(sv: "Nytt lösenord", en: "New password")))</a> "
      }
      if !user.disabled, user.email.lowercased() != identity.user.email.lowercased() {
        out +=
          "<form method=\"post\" action=\"/admin/users/disable\" class=\"disable\"><input type=\"hidden\" name=\"csrf\" value=\"\(h(identity.csrf ?? ""))\" /><input type=\"hidden\" name=\"lang\" value=\"\(language.rawValue)\" /><input type=\"hidden\" name=\"email\" value=\"\(h(user.email))\" /><button type=\"submit\" class=\"danger\">\(h(language.say(sv: "Stäng av", en: "Disable")))</button></form>"
      }
      out += "</td></tr>\n"
    }
    return out + "</tbody>\n</table>\n</section>\n"
  }

  static let style = """
    .add-user .fields { display: flex; flex-wrap: wrap; gap: 0 1.6rem; }
    .add-user .fields p { margin: 0 0 0.6rem; min-width: 0; max-width: 100%; }
    .add-user .fields select, .add-user .fields input { box-sizing: border-box; max-width: 100%; }
    table.users { width: 100%; }
    table.users th, table.users td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); }
    table.users tr.disabled td { color: var(--muted); }
    table.users form { margin: 0; }
    .add-user .fields label { display: block; }
    table.users button.danger { padding: 0.2rem 0.7rem; font-size: 0.867rem; }

    """
}
