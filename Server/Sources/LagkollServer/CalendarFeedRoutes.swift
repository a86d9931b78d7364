import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import RuleEngine
import Store

/// The calendars: `GET /kommun/{kod}/kalender.ics` and `/lan/{kod}/kalender.ics` (iCalendar, RFC 5545),
/// `GET /lan/{kod}/kalender.csv`, and the user's own page `GET /konto` with its feeds. A calendar client
/// cannot sign in, so a feed's address carries a secret in its query (`?token=`, so that the request log,
/// which writes the path alone, never holds it): made on /konto, shown once, stored only as its
/// SHA-256, revocable. A feed reads as its user reads, and nothing once the user is disabled.
struct CalendarFeedRoutes: Sendable {
  var service: CheckService
  var accounts: AccountSettings
  var ruleSet: RuleSet { service.ruleSet }

  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self)
      .get("/kommun/:kod/kalender.ics", use: kommunFeed)
      .get("/lan/:kod/kalender.ics", use: countyFeed)
      .get("/lan/:kod/kalender.csv", use: countyCSV)
      .get("/konto", use: page)
      .post("/konto/kalendrar", use: create)
      .post("/konto/kalendrar/:id/aterkalla", use: revoke)
  }

  /// The user a feed request reads as: the feed's, when the address carries its secret and names the
  /// feed's own kommun or county; else the signed-in user or bearer token. 401 for a secret that opens
  /// nothing (revoked, its user disabled, or made for another address).
  func reader(_ request: Request, scope: CalendarFeed.Scope, code: String) async throws -> User {
    if let secret = request.uri.queryParameters["token"].map(String.init) {
      guard let (feed, user) = try await accounts.database.calendarFeed(token: secret, at: accounts.now()),
        feed.scope == scope, feed.code == code
      else { throw Problem.unauthorized }
      return user
    }
    return try await accounts.require(request).user
  }

  func municipality(_ code: String?) throws -> Municipality {
    guard let code, let municipality = ruleSet.municipalities[code] else { throw Problem.notFound }
    return municipality
  }

  func county(_ code: String?) throws -> County {
    guard let code, let county = ruleSet.counties.first(where: { $0.code == code }) else { throw Problem.notFound }
    return county
  }

  func members(of county: County) -> [Municipality] {
    ruleSet.municipalities.values.filter { $0.countyCode == county.code }.sorted { $0.code < $1.code }
  }

  /// The dates of `members`' latest standing submissions, as of today in Sweden.
  func calendar(_ members: [Municipality]) async throws -> PlanCalendar {
    var histories: [(Municipality, [Submission])] = []
    for municipality in members {
      histories.append((municipality, try await accounts.database.submissions(kommun: municipality.code)))
    }
    return PlanCalendar(histories: histories, asOf: Today.inSweden(at: accounts.now()), service: service)
  }

  /// A calendar answer: never stored by a proxy or a browser's cache (it is one user's view).
  static func ics(_ text: String, name: String) -> Response {
    var response = Response.text(
      text, type: "text/calendar; charset=utf-8", cache: false,
      headers: [.contentDisposition: "inline; filename=\"\(name).ics\""])
    response.headers[.cacheControl] = "private, no-store"
    return response
  }

  func kommunFeed(_ request: Request, context: ServerContext) async throws -> Response {
    // Who asks first: without an identity, 401 whether or not the kommun exists.
    let user = try await reader(request, scope: .kommun, code: context.parameters.get("kod") ?? "")
    let municipality = try municipality(context.parameters.get("kod"))
    guard user.role.maySee(kommun: municipality.code, county: municipality.countyCode) else {
      throw Problem.forbidden
    }
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    let calendar = try await calendar([municipality])
    return Self.ics(
      calendar.ics(name: "lagkoll: \(municipality.name)", language: language), name: "kommun-\(municipality.code)")
  }

  func countyFeed(_ request: Request, context: ServerContext) async throws -> Response {
    let user = try await reader(request, scope: .lan, code: context.parameters.get("kod") ?? "")
    let county = try county(context.parameters.get("kod"))
    guard user.role.maySee(lan: county.code) else { throw Problem.forbidden }
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    let calendar = try await calendar(members(of: county))
    return Self.ics(calendar.ics(name: "lagkoll: \(county.name)", language: language), name: "lan-\(county.code)")
  }

  /// `GET /lan/{kod}/kalender.csv`: the county page's list of dates (the next 90 days, and overdue).
  func countyCSV(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await accounts.require(request)
    let county = try county(context.parameters.get("kod"))
    guard identity.user.role.maySee(lan: county.code) else { throw Problem.forbidden }
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    let calendar = try await calendar(members(of: county))
    return .text(
      CalendarPanels(calendar: calendar, language: language).countyCSV(), type: "text/csv; charset=utf-8",
      cache: false,
      headers: [.contentDisposition: "attachment; filename=\"lan-\(county.code)-kalender-\(calendar.asOf).csv\""])
  }

  // MARK: The user's page

  /// A browser session: feeds are made and revoked by forms, which a bearer token never posts.
  func session(_ request: Request) async throws -> Identity {
    let identity = try await accounts.require(request)
    guard identity.csrf != nil else { throw Problem.forbidden }
    return identity
  }

  /// `GET /konto`: the user's feeds, and the form that makes one.
  func page(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await session(request)
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    return try await render(identity, language: language, made: nil)
  }

  /// `POST /konto/kalendrar` (`avser=kommun/0180` or `lan/01`): a new feed for a kommun or county the
  /// user may see; its address is in the answer, once.
  func create(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await session(request)
    let form = try await AdminRoutes.form(request, identity)
    let language = SelfCheckRoutes.language(form.text("lang"))
    let parts = (form.text("avser") ?? "").split(separator: "/", maxSplits: 1).map(String.init)
    guard parts.count == 2, let scope = CalendarFeed.Scope(rawValue: parts[0]) else {
      throw Problem(
        .badRequest, "bad-feed", sv: "välj en kommun eller ett län", en: "choose a municipality or a county")
    }
    let code = parts[1]
    switch scope {
    case .kommun:
      let municipality = try municipality(code)
      guard identity.user.role.maySee(kommun: code, county: municipality.countyCode) else {
        throw Problem.forbidden
      }
    case .lan:
      guard identity.user.role.maySee(lan: try county(code).code) else { throw Problem.forbidden }
    }
    let made: (feed: CalendarFeed, token: String)
    do {
      made = try await accounts.database.createCalendarFeed(
        for: identity.user, scope: scope, code: code, at: accounts.now())
    } catch let error as StoreError {
      throw Problem.store(error, sv: "kalenderadressen kunde inte skapas", en: "the calendar address could not be made")
    }
    let address = Self.origin(request, context: context, secure: accounts.secure(context)) + made.feed.path
    return try await render(identity, language: language, made: address + "?token=" + made.token)
  }

  /// `POST /konto/kalendrar/{id}/aterkalla`: revokes one of the user's own feeds (404 for any other).
  func revoke(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await session(request)
    let form = try await AdminRoutes.form(request, identity)
    guard let id = context.parameters.get("id").flatMap(Int.init) else { throw Problem.notFound }
    let revoked: Bool
    do {
      revoked = try await accounts.database.revokeCalendarFeed(id: id, of: identity.user, at: accounts.now())
    } catch let error as StoreError {
      throw Problem.store(
        error, sv: "kalenderadressen kunde inte återkallas", en: "the calendar address could not be revoked")
    }
    guard revoked else { throw Problem.notFound }
    var response = Response(status: .seeOther)
    response.headers[.location] = "/konto" + SelfCheckRoutes.language(form.text("lang")).say(sv: "", en: "?lang=en")
    return response
  }

  /// `https://host` as the client reached the service (the Host header), for an address to paste
  /// into a calendar client; empty (a path alone) when the request names no host.
  static func origin(_ request: Request, context: ServerContext, secure: Bool) -> String {
    // HTTP/1.1's Host header is the request's authority here.
    guard let host = request.head.authority, !host.isEmpty,
      host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"\"<>\\/?#@".unicodeScalars.contains($0) }
      )
    else { return "" }
    return (secure ? "https://" : "http://") + host
  }

  private func render(_ identity: Identity, language: Language, made address: String?) async throws -> Response {
    let feeds = try await accounts.database.calendarFeeds(of: identity.user)
    let page = AccountPage(
      identity: identity, language: language, feeds: feeds, made: address, ruleSet: ruleSet)
    return .html(page.render(), language: language)
  }
}

/// The user's own page, `/konto`: their personal calendar addresses (what each shows, made, last used,
/// revoked), the form that makes one, and the way to change the password.
struct AccountPage {
  var identity: Identity
  var language: Language
  var feeds: [CalendarFeed]
  /// The address just made, with its secret: shown this once.
  var made: String?
  var ruleSet: RuleSet
  private func h(_ text: String) -> String { Escape.xml(text) }

  func name(_ scope: CalendarFeed.Scope, _ code: String) -> String {
    switch scope {
    case .kommun:
      return ruleSet.municipalities[code].map { language.say(sv: "\($0.name) kommun", en: $0.name) } ?? code
    case .lan: return ruleSet.counties.first { $0.code == code }?.name ?? code
    }
  }

  func render() -> String {
    var out = AccountBar.render(identity, language: language)
    if let made {
      out += "<div class=\"notice ok\" role=\"status\">\n<p>"
      out += h(
        language.say(
          sv:
            "Kalenderadressen är skapad. Lägg till den som prenumeration i din kalender (i Outlook: Lägg till kalender, Från internet). Adressen visas bara nu; den som har den ser det du ser, tills du återkallar den.",
          en:
            "The calendar address is made. Add it as a subscription in your calendar (in Outlook: Add calendar, From the internet). The address is shown only now; whoever has it sees what you see, until you revoke it."
        ))
      out += "</p>\n<p><code class=\"feed-url\">\(h(made))</code></p>\n</div>\n"
    }
    out += "<section id=\"kalendrar\">\n"
    out += "<h2>\(h(language.say(sv: "Mina kalenderadresser", en: "My calendar addresses")))</h2>\n"
    out +=
      "<p class=\"hint\">\(h(language.say(sv: "En kalenderadress visar datumen ur de senaste gällande inlämningarna, med påminnelser 90 och 14 dagar före: samma kommuner som ditt konto ser, och inget när kontot är avstängt eller adressen återkallad.", en: "A calendar address shows the dates from the latest standing submissions, with reminders 90 and 14 days before: the municipalities your account sees, and nothing once the account is disabled or the address revoked.")))</p>\n"
    if feeds.isEmpty {
      out += "<p>\(h(language.say(sv: "Du har inga kalenderadresser.", en: "You have no calendar addresses.")))</p>\n"
    } else {
      out +=
        "<table class=\"feeds\">\n"
        + PageShell.tableHead(
          language.say(
            sv: ["Kalender", "Skapad", "Senast hämtad", "Läge", ""],
            en: ["Calendar", "Made", "Last fetched", "State", ""]))
      out += "<tbody>\n"
      for feed in feeds {
        out += "<tr><td>\(h(name(feed.scope, feed.code))) <code>\(h(feed.path))</code></td>"
        out += "<td>\(h(KommunPage.day(feed.createdAt)))</td>"
        out += "<td>\(h(feed.lastUsedAt.map(KommunPage.day) ?? language.say(sv: "aldrig", en: "never")))</td>"
        if let revoked = feed.revokedAt {
          out +=
            "<td>\(h(language.say(sv: "återkallad \(KommunPage.day(revoked))", en: "revoked \(KommunPage.day(revoked))")))</td><td></td></tr>\n"
        } else {
          let label = language.say(sv: "Återkalla", en: "Revoke")
          out += "<td>\(h(language.say(sv: "i bruk", en: "in use")))</td><td>"
          out += "<form method=\"post\" action=\"/konto/kalendrar/\(feed.id)/aterkalla\" class=\"revoke\">"
          out += "<input type=\"hidden\" name=\"csrf\" value=\"\(h(identity.csrf ?? ""))\" />"
          out += "<input type=\"hidden\" name=\"lang\" value=\"\(language.rawValue)\" />"
          out +=
            "<button type=\"submit\" class=\"quiet\" aria-label=\"\(h(label + " " + name(feed.scope, feed.code) + ", " + KommunPage.day(feed.createdAt)))\">\(h(label))</button>"
          out += "</form></td></tr>\n"
        }
      }
      out += "</tbody>\n</table>\n"
    }
    out += Self.createForm(identity, language: language, choices: choices(), ruleSet: ruleSet)
    out += "</section>\n"
    out += "<section id=\"losenord\">\n<h2>\(h(language.say(sv: "Lösenord", en: "Password")))</h2>\n"
    out +=
      "<p><a href=\"/konto/losenord\(language.say(sv: "", en: "?lang=en"))\">\(h(language.say(sv: "Byt lösenord", en: "Change password")))</a></p>\n</section>\n"
    let shell = PageShell(
      language: language, title: language.say(sv: "Mitt konto – lagkoll", en: "My account – lagkoll"),
      heading: language.say(sv: "Mitt konto", en: "My account"),
      meta: [
        (language.say(sv: "Konto", en: "Account"), identity.user.email),
        (language.say(sv: "Roll", en: "Role"), identity.user.role.description),
      ],
      contents: [
        ("kalendrar", language.say(sv: "Kalenderadresser", en: "Calendar addresses")),
        ("losenord", language.say(sv: "Lösenord", en: "Password")),
      ], extraStyle: Markup.pageStyle + Self.style, allowsForms: true)
    return shell.render(
      main: out,
      footerNotes: [
        language.say(
          sv: "Att skapa och återkalla en kalenderadress står i granskningsloggen.",
          en: "Making and revoking a calendar address is in the audit log.")
      ])
  }

  /// What the user may make a feed of: the own kommun; the county and its kommuner; or everything.
  func choices() -> [(CalendarFeed.Scope, String)] {
    let kommuner = ruleSet.municipalities.values.sorted { $0.code < $1.code }
    switch identity.user.role {
    case .samordnare(let kommun): return [(.kommun, kommun)]
    case .granskare(let lan?):
      return [(.lan, lan)] + kommuner.filter { $0.countyCode == lan }.map { (.kommun, $0.code) }
    case .granskare(nil), .admin:
      return ruleSet.counties.map { (.lan, $0.code) } + kommuner.map { (.kommun, $0.code) }
    }
  }

  /// The form that makes a feed: of one kommun or county given (as on the kommun page: one button), or
  /// chosen from `choices`.
  static func createForm(
    _ identity: Identity, language: Language, choices: [(CalendarFeed.Scope, String)], ruleSet: RuleSet
  ) -> String {
    guard let csrf = identity.csrf, let first = choices.first else { return "" }
    let h = Escape.xml
    let page = AccountPage(identity: identity, language: language, feeds: [], made: nil, ruleSet: ruleSet)
    var out = "<form method=\"post\" action=\"/konto/kalendrar\" class=\"feed\">\n"
    out += "<input type=\"hidden\" name=\"csrf\" value=\"\(h(csrf))\" />\n"
    out += "<input type=\"hidden\" name=\"lang\" value=\"\(language.rawValue)\" />\n"
    if choices.count == 1 {
      out += "<input type=\"hidden\" name=\"avser\" value=\"\(h(first.0.rawValue))/\(h(first.1))\" />\n"
      out +=
        "<p><button type=\"submit\">\(h(language.say(sv: "Skapa en personlig kalenderadress för \(page.name(first.0, first.1))", en: "Make a personal calendar address for \(page.name(first.0, first.1))")))</button></p>\n"
    } else {
      out +=
        "<p><label for=\"avser\">\(h(language.say(sv: "Kalender för", en: "Calendar of")))</label>\n<select id=\"avser\" name=\"avser\">"
      for (scope, code) in choices {
        let kind =
          scope == .lan ? language.say(sv: "län", en: "county") : language.say(sv: "kommun", en: "municipality")
        out +=
          "<option value=\"\(h(scope.rawValue))/\(h(code))\">\(h(page.name(scope, code))) (\(h(kind)) \(h(code)))</option>"
      }
      out += "</select></p>\n"
      out +=
        "<p><button type=\"submit\">\(h(language.say(sv: "Skapa kalenderadress", en: "Make a calendar address")))</button></p>\n"
    }
    return out + "</form>\n"
  }

  static let style = """
    table.feeds { width: 100%; }
    table.feeds th, table.feeds td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    table.feeds form { margin: 0; }
    code.feed-url { overflow-wrap: anywhere; word-break: break-all; }
    form.feed { margin-top: 0.8rem; }
    form.feed select { max-width: 100%; }

    """
}
