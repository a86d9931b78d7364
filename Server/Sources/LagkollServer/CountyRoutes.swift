import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import RuleEngine
import Store

/// `GET /lan/{kod}` and `/lan/{kod}.csv`: the county matrix of each kommun's latest submission as of a
/// date, as `lagkoll review` shows it, with the kommuner that have handed in nothing; `GET /riket`:
/// every county with its figures, for Brå and admins.
struct CountyRoutes: Sendable {
  var service: CheckService
  var accounts: AccountSettings
  var ruleSet: RuleSet { service.ruleSet }

  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self)
      // `/lan/01` and `/lan/01.csv`: one route, the handler tells them apart by the suffix.
      .get("/lan/:kod", use: page)
      .get("/lan/:kod/andringar.csv", use: changesCSV)
      .get("/riket", use: riket)
  }

  func page(_ request: Request, context: ServerContext) async throws -> Response {
    guard let kod = context.parameters.get("kod") else { throw Problem.notFound }
    if kod.hasSuffix(".csv") { return try await csv(request, code: String(kod.dropLast(4))) }
    let view = try await review(request, code: kod)
    let changes = try await self.changes(view)
    var reporter = ReviewHTMLReporter(language: view.language, ruleSet: ruleSet, notSubmitted: view.missing)
    reporter.documentLinks = view.links
    reporter.allowsForms = true
    reporter.extraContents = [
      ("kalender", view.language.say(sv: "Förfaller", en: "Falling due")),
      ("andringar", view.language.say(sv: "Vad som ändrats", en: "What changed")),
    ]
    reporter.top = AccountBar.render(view.identity, language: view.language)
    reporter.extraStyle = Markup.pageStyle + ChangesSection.style + CalendarPanels.style
    // The dates as of today, from each kommun's latest standing plan, whatever day the matrix shows.
    let calendar = try await CalendarFeedRoutes(service: service, accounts: accounts).calendar(view.members)
    reporter.extraSections =
      CalendarPanels(calendar: calendar, language: view.language).county(code: view.county.code)
      + ChangesSection(view: view, changes: changes, ruleSet: ruleSet).render()
    return .html(reporter.render(view.matrix), language: view.language)
  }

  func csv(_ request: Request, code: String) async throws -> Response {
    let view = try await review(request, code: code)
    var reporter = ReviewCSVReporter()
    reporter.notSubmitted = view.missing
    return .text(
      reporter.render(view.matrix), type: "text/csv; charset=utf-8", cache: false,
      headers: [.contentDisposition: "attachment; filename=\"lan-\(code)-\(view.matrix.asOf).csv\""])
  }

  /// `GET /lan/{kod}/andringar.csv?sedan=&asOf=`: what changed per kommun, one row each. A CSV of its
  /// own: the review CSV has one row per document and one column per obligation, and changes are
  /// neither.
  func changesCSV(_ request: Request, context: ServerContext) async throws -> Response {
    guard let kod = context.parameters.get("kod") else { throw Problem.notFound }
    let view = try await review(request, code: kod)
    let changes = try await self.changes(view)
    var out = ReviewCSVReporter.utf8Mark
    func line(_ cells: [String]) { ReviewCSVReporter.line(cells, into: &out) }
    line([
      "kommun", "kod", "sedan", "per", "nya_inlamningar", "aterkallade", "senaste_id", "senaste_mottagen", "status",
      "nya_fynd", "atgardade_fynd",
    ])
    for change in changes {
      // The verdict as of asOf, in the review CSV's words: the same plan reads the same in both.
      let status =
        change.current.map { _ in view.verdicts[change.municipality.code]?.rawValue ?? "" } ?? "not-submitted"
      line([
        change.municipality.name, change.municipality.code, view.since.description, view.asOf.description,
        String(change.received), String(change.withdrawn), change.current?.id ?? "",
        change.current.map { $0.receivedAt.formatted(.iso8601) } ?? "", status, String(change.new.count),
        String(change.resolved.count),
      ])
    }
    return .text(
      out, type: "text/csv; charset=utf-8", cache: false,
      headers: [
        .contentDisposition: "attachment; filename=\"lan-\(view.county.code)-andringar-\(view.since)-\(view.asOf).csv\""
      ])
  }

  /// A county's review as of a date, and the date to compare with.
  struct View {
    var identity: Identity
    var county: County
    var members: [Municipality]
    var matrix: ReviewMatrix
    var missing: [Municipality]
    var language: Language
    var asOf: CivilDate
    var since: CivilDate
    /// The latest submission per kommun as of `asOf`.
    var latest: [String: Submission]
    /// Matrix document name → the submission's page.
    var links: [String: String]
    /// Kommun code → the verdict on its latest submission checked as of `asOf` (the matrix row's).
    var verdicts: [String: Verdict]
  }

  /// The review of a county as of `?asOf=` (default today): each kommun's newest submission received
  /// by the end of that day and not withdrawn by then, checked as of that day. `?sedan=` (default 30 days
  /// earlier) is the date "what changed" compares with.
  func review(_ request: Request, code: String) async throws -> View {
    let identity = try await accounts.require(request)
    guard let county = ruleSet.counties.first(where: { $0.code == code }) else { throw Problem.notFound }
    guard identity.user.role.maySee(lan: county.code) else { throw Problem.forbidden }
    let query = try CheckQuery(request.uri)
    let asOf = query.asOf ?? Today.inSweden(at: accounts.now())
    var since = asOf.adding(days: -30)
    if let text = request.uri.queryParameters["sedan"].map(String.init), !text.isEmpty {
      guard let date = CivilDate(text) else {
        throw Problem(
          .badRequest, "bad-since", sv: "sedan ska vara ett datum ÅÅÅÅ-MM-DD", en: "sedan must be a date YYYY-MM-DD")
      }
      since = date
    }
    guard since <= asOf else {
      throw Problem(
        .badRequest, "bad-since", sv: "sedan ska vara samma dag som asOf eller tidigare",
        en: "sedan must be the same day as asOf or earlier")
    }
    let members = ruleSet.municipalities.values.filter { $0.countyCode == county.code }.sorted { $0.code < $1.code }
    let latest = try await accounts.database.latestSubmissions(
      asOf: Self.endOfDayInSweden(asOf), kommuner: members.map(\.code))
    let checker = PlanChecker(ruleSet: ruleSet, options: EvaluationOptions(asOf: asOf), limits: service.limits)
    var report = CheckReport(asOf: asOf, rulesetVersion: ruleSet.version, failOn: .error, files: [])
    var missing: [Municipality] = []
    var links: [String: String] = [:]
    var verdicts: [String: Verdict] = [:]
    let english = query.language.say(sv: "", en: "?lang=en")
    for municipality in members {
      guard let submission = latest[municipality.code] else {
        missing.append(municipality)
        continue
      }
      let name = "\(municipality.code) \(KommunPage.day(submission.receivedAt)) \(submission.id.prefix(8))"
      links[name] = "/submissions/\(submission.id)\(english)"
      let files = checker.check(
        bytes: submission.bytes, name: name, format: submission.contentType.hasSuffix("json") ? .json : .xml
      ).files
      verdicts[municipality.code] = files.first?.verdict ?? .unreadable
      report.files += files
    }
    return View(
      identity: identity, county: county, members: members,
      matrix: ReviewMatrix(report: report, ruleSet: ruleSet, county: county),
      missing: missing, language: query.language, asOf: asOf, since: since, latest: latest, links: links,
      verdicts: verdicts)
  }

  /// One kommun's changes between the end of `since` and the end of `asOf`.
  struct Change {
    var municipality: Municipality
    var before: Submission?
    var current: Submission?
    /// Submissions received in the period (withdrawn ones included), and withdrawals made in it
    /// (whenever the plan came in).
    var received: Int
    var withdrawn: Int
    var new: [StoredFinding]
    var resolved: [StoredFinding]
    var changed: Bool { received > 0 || withdrawn > 0 || before?.id != current?.id }
  }

  func changes(_ view: View) async throws -> [Change] {
    let start = Self.endOfDayInSweden(view.since)
    let end = Self.endOfDayInSweden(view.asOf)
    // The county's kommuner only, and without the plans' bytes: the comparison needs the findings.
    let codes = view.members.map(\.code)
    let before = try await accounts.database.latestSubmissions(asOf: start, kommuner: codes, bytes: false)
    let period =
      start < end
      ? try await accounts.database.submissions(receivedOrWithdrawnAfter: start, upTo: end, kommuner: codes) : []
    let byKommun = Dictionary(grouping: period, by: \.kommun)
    func inPeriod(_ date: Date) -> Bool { start < date && date <= end }
    return view.members.map { municipality in
      let touched = byKommun[municipality.code] ?? []
      let was = before[municipality.code]
      let now = view.latest[municipality.code]
      let (new, resolved) = was?.id == now?.id ? ([], []) : StoredFinding.changes(from: was, to: now)
      return Change(
        municipality: municipality, before: was, current: now,
        received: touched.filter { inPeriod($0.receivedAt) }.count,
        withdrawn: touched.filter { $0.withdrawal.map { inPeriod($0.at) } ?? false }.count, new: new,
        resolved: resolved)
    }
  }

  /// The country: per county, how many kommuner have submitted and how many latest plans were ready
  /// when they came in.
  func riket(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await accounts.require(request)
    guard identity.user.role == .admin || identity.user.role == .granskare(lan: nil) else { throw Problem.forbidden }
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    let h = Escape.xml
    let latest = try await accounts.database.latestSubmissions(asOf: accounts.now(), bytes: false)
    var out = AccountBar.render(identity, language: language)
    out +=
      "<section id=\"lan\">\n<table>\n"
      + PageShell.tableHead(
        language.say(
          sv: ["Län", "Kommuner", "Har lämnat in", "Klara", "Inte inlämnat"],
          en: ["County", "Municipalities", "Submitted", "Ready", "Not submitted"]), numeric: [1, 2, 3, 4])
    out += "<tbody>\n"
    func cells(_ numbers: [Int]) -> String {
      numbers.map { "<td class=\"num\($0 == 0 ? " zero" : "")\">\($0)</td>" }.joined()
    }
    var total = [0, 0, 0, 0]
    for county in ruleSet.counties {
      let members = ruleSet.municipalities.values.filter { $0.countyCode == county.code }
      let submitted = members.compactMap { latest[$0.code] }
      let numbers = [members.count, submitted.count, submitted.filter(\.ready).count, members.count - submitted.count]
      total = zip(total, numbers).map { $0 + $1 }
      out +=
        "<tr><th scope=\"row\"><a href=\"/lan/\(h(county.code))\(language.say(sv: "", en: "?lang=en"))\">\(h(county.name))</a> <span class=\"code\">\(h(county.code))</span></th>\(cells(numbers))</tr>\n"
    }
    out +=
      "</tbody>\n<tfoot><tr><th scope=\"row\">\(h(language.say(sv: "Hela landet", en: "The whole country")))</th>\(cells(total))</tr></tfoot>\n</table>\n</section>\n"
    let shell = PageShell(
      language: language, title: language.say(sv: "Riket – lagkoll", en: "Sweden – lagkoll"),
      heading: language.say(sv: "Riket: senaste inlämning per län", en: "Sweden: latest submissions by county"),
      meta: [(language.say(sv: "Per", en: "As of"), Today.inSweden(at: accounts.now()).description)],
      extraStyle: Markup.pageStyle + Self.riketStyle, allowsForms: true)
    return .html(
      shell.render(
        main: out,
        footerNotes: [
          language.say(
            sv: "Klar betyder klar när planen lämnades in.", en: "Ready means ready when the plan was submitted.")
        ]),
      language: language)
  }

  static let riketStyle = """
    #lan table { width: 100%; }
    #lan th, #lan td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); }
    #lan .num { text-align: right; }
    #lan tbody th { font-weight: 500; }
    #lan .code { color: var(--muted); }
    #lan tfoot th, #lan tfoot td { font-weight: 700; color: var(--ink); border-top: 2px solid var(--line); border-bottom: 0; }
    #lan thead th { font-size: 0.767rem; text-transform: uppercase; letter-spacing: .04em; border-bottom: 2px solid var(--line); }

    """

  /// The last instant of a day in Sweden (the next day's midnight there, less a millisecond).
  static func endOfDayInSweden(_ day: CivilDate) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Stockholm") ?? .current
    let next = day.adding(days: 1)
    guard let midnight = calendar.date(from: DateComponents(year: next.year, month: next.month, day: next.day)) else {
      preconditionFailure("every civil date has a midnight in the Gregorian calendar")
    }
    return midnight.addingTimeInterval(-0.001)
  }
}

/// The county page's "what changed since": a date form, then per kommun the submissions that came in,
/// the latest one (linked), and the findings that are new or resolved compared with the plan that
/// counted at the start date. Findings are those recorded with each submission.
struct ChangesSection {
  var view: CountyRoutes.View
  var changes: [CountyRoutes.Change]
  var ruleSet: RuleSet
  private var language: Language { view.language }
  private func h(_ text: String) -> String { Escape.xml(text) }

  func render() -> String {
    let english = view.language == .en
    var out =
      "<section id=\"andringar\" class=\"changes\">\n<h2>\(h(language.say(sv: "Vad som ändrats sedan \(view.since)", en: "What changed since \(view.since)")))</h2>\n"
    out += """
      <form method="get" action="/lan/\(h(view.county.code))" class="dates">
      <label for="sedan">\(h(language.say(sv: "Ändrat sedan", en: "Changed since")))</label> <input type="date" id="sedan" name="sedan" value="\(h(view.since.description))" />
      <label for="asOf">\(h(language.say(sv: "Matris per", en: "Matrix as of")))</label> <input type="date" id="asOf" name="asOf" value="\(h(view.asOf.description))" />
      \(english ? "<input type=\"hidden\" name=\"lang\" value=\"en\" />" : "")<button type="submit">\(h(language.say(sv: "Visa", en: "Show")))</button>
      <a href="/lan/\(h(view.county.code))/andringar.csv?sedan=\(h(view.since.description))&amp;asOf=\(h(view.asOf.description))">\(h(language.say(sv: "Ändringarna som CSV", en: "The changes as CSV")))</a>
      </form>

      """
    let changed = changes.filter(\.changed)
    out +=
      "<p class=\"hint\">\(h(language.say(sv: "\(changed.count) av \(changes.count) kommuner har nya eller återkallade inlämningar mellan \(view.since) och \(view.asOf). Nya och åtgärdade fynd jämför den senaste planen med den som gällde \(view.since).", en: "\(changed.count) of \(changes.count) municipalities have new or withdrawn submissions between \(view.since) and \(view.asOf). New and resolved findings compare the latest plan with the one that counted on \(view.since).")))</p>\n"
    guard !changed.isEmpty else { return out + "</section>\n" }
    out +=
      "<table class=\"changes\">\n"
      + PageShell.tableHead(
        language.say(
          sv: ["Kommun", "Nya inlämningar", "Senaste", "Bedömning", "Nya fynd", "Åtgärdade fynd"],
          en: ["Municipality", "New submissions", "Latest", "Verdict", "New findings", "Resolved findings"]))
    out += "<tbody>\n"
    for change in changed {
      out +=
        "<tr><th scope=\"row\"><a href=\"/kommun/\(h(change.municipality.code))\(english ? "?lang=en" : "")\">\(h(change.municipality.name))</a> <span class=\"code\">\(h(change.municipality.code))</span></th>"
      var received = String(change.received)
      if change.withdrawn > 0 {
        received += language.say(sv: " (\(change.withdrawn) återkallad)", en: " (\(change.withdrawn) withdrawn)")
      }
      out += "<td class=\"num\">\(h(received))</td>"
      if let current = change.current {
        out +=
          "<td><a href=\"/submissions/\(h(current.id))\(english ? "?lang=en" : "")\">\(h(KommunPage.day(current.receivedAt)))</a></td>"
        // Checked as of the matrix date, as the matrix row says, not as recorded at submission.
        let verdict = view.verdicts[current.kommun] ?? .unreadable
        out += "<td>\(PageShell.badge(verdict, view.language))</td>"
      } else {
        out += "<td colspan=\"2\">\(h(language.say(sv: "ingen gällande plan", en: "no standing plan")))</td>"
      }
      out +=
        "<td>\(summary(change.new, kind: "nya"))</td><td>\(summary(change.resolved, kind: "atgardade"))</td></tr>\n"
    }
    out += "</tbody>\n</table>\n</section>\n"
    return out
  }

  static let style = """
    form.dates { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.8rem; margin: 0 0 0.8rem; }
    table.changes { width: 100%; }
    table.changes th, table.changes td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    table.changes thead th { font-size: 0.767rem; text-transform: uppercase; letter-spacing: .04em; border-bottom: 2px solid var(--line); }
    table.changes details ul { margin: 0.3rem 0 0; padding-left: 1.1rem; font-size: 0.867rem; }
    table.changes details.nya summary { color: var(--info); font-weight: 650; cursor: pointer; }
    table.changes details.nya.warning summary { color: var(--warning); }
    table.changes details.nya.error summary { color: var(--error); }
    table.changes details.atgardade summary { color: var(--ok); font-weight: 650; cursor: pointer; }
    """

  /// A count, and the rules folded away under it.
  private func summary(_ findings: [StoredFinding], kind: String) -> String {
    guard !findings.isEmpty else { return "<span class=\"num zero\">0</span>" }
    // New findings take the colour of the worst of them: a new info finding is not a new error.
    let worst = ["error", "warning"].first { level in findings.contains { $0.severity == level } }
    let classes = kind == "nya" ? [kind, worst].compactMap { $0 }.joined(separator: " ") : kind
    var out = "<details class=\"\(classes)\"><summary>\(findings.count)</summary><ul>"
    for finding in findings {
      out += "<li><code>\(h(finding.ruleId))</code> \(h(finding.message))</li>"
    }
    return out + "</ul></details>"
  }
}
