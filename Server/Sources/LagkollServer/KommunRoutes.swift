import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import RuleEngine
import Store

/// `GET /kommun/{kod}`: a kommun's submissions, what changed between the last two, and when 6 § next
/// asks for an updated lägesbild and a follow-up; `POST /kommun/{kod}`: the coordinator's upload form.
struct KommunRoutes: Sendable {
  var submissions: SubmissionRoutes
  var accounts: AccountSettings { submissions.accounts }
  var ruleSet: RuleSet { submissions.service.ruleSet }

  /// Added at `/kommun`.
  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self).get(":kod", use: page).post(":kod", use: submit)
  }

  /// The kommun the path names, if the identity may see it: 404 for a code that is no kommun, 403
  /// for one outside the identity's role.
  func kommun(_ context: ServerContext, _ identity: Identity) throws -> Municipality {
    guard let kod = context.parameters.get("kod"), let municipality = ruleSet.municipalities[kod] else {
      throw Problem.notFound
    }
    guard identity.user.role.maySee(kommun: kod, county: municipality.countyCode) else { throw Problem.forbidden }
    return municipality
  }

  func page(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await accounts.require(request)
    let municipality = try kommun(context, identity)
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    let notice = request.uri.queryParameters["mottagen"].map { _ in
      language.say(sv: "Planen är mottagen och sparad.", en: "The plan was received and saved.")
    }
    return try await render(municipality, identity, language: language, notice: notice)
  }

  /// The page; with `problem`, the upload form says why the plan was not received.
  func render(
    _ municipality: Municipality, _ identity: Identity, language: Language, notice: String? = nil,
    problem: Problem? = nil
  ) async throws -> Response {
    let history = try await accounts.database.submissions(kommun: municipality.code)
    let today = Today.inSweden(at: accounts.now())
    // The panels' dates from the engine, as `lagkoll calendar` gives them.
    let calendar = PlanCalendar(histories: [(municipality, history)], asOf: today, service: submissions.service)
    let html = KommunPage(
      municipality: municipality, identity: identity, history: history, today: today, calendar: calendar,
      language: language, ruleSet: ruleSet, notice: notice, problem: problem?.message.text(language)
    ).render()
    return .html(html, language: language, status: problem?.status ?? .ok)
  }

  /// The problems of the plan itself, which the form shows beside its fields; others (a stale form, a
  /// database that cannot write) get their own page.
  static let aboutThePlan: Set<String> = ["empty", "no-kommun"]

  /// The form post: the page's CSRF token, then the same checks and storage as the API.
  func submit(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await accounts.require(request)
    let municipality = try kommun(context, identity)
    let body = try await BodyReader.read(
      request, limit: submissions.settings.maxBodySize + 64 << 10, timeout: submissions.settings.bodyTimeout)
    let form = FormData.parse(body, contentType: request.headers[.contentType] ?? "") ?? FormData(fields: [])
    try identity.checkFormToken(form)
    var bytes = form.field("plan")?.value ?? []
    var name = form.field("plan")?.fileName ?? ""
    if bytes.isEmpty {
      bytes = form.field("text")?.value ?? []
      name = ""
    }
    let outcome: SubmissionRoutes.Outcome
    do {
      outcome = try await submissions.store(
        bytes, format: DocumentReader.format(forPath: name), by: identity, context: context)
    } catch let problem as Problem where Self.aboutThePlan.contains(problem.code) {
      // The form again, the reason beside its fields.
      return try await render(municipality, identity, language: .sv, problem: problem)
    }
    switch outcome {
    case .unreadable(let json):
      let report = try? JSONDecoder().decode(ReportDocument.self, from: Data(json.utf8))
      let message = report?.files.first?.error?.message ?? "planen kunde inte läsas"
      return try await render(
        municipality, identity, language: .sv,
        problem: Problem(.unprocessableContent, "unreadable", sv: message, en: message))
    case .stored:
      var response = Response(status: .seeOther)
      response.headers[.location] = "/kommun/\(municipality.code)?mottagen=1"
      return response
    }
  }
}

/// The kommun page's HTML, in the one page shell; every text from a plan or a user is escaped.
struct KommunPage {
  var municipality: Municipality
  var identity: Identity
  var history: [Submission]
  var today: CivilDate
  /// The dates that follow from the latest standing submission ("Kommande", "Försenat").
  var calendar: PlanCalendar
  var language: Language
  /// Whose intervals say when 6 § next asks something.
  var ruleSet: RuleSet
  var notice: String?
  /// Why the last upload was not received, shown in the form beside its fields.
  var problem: String? = nil

  /// The submissions that count, newest first: a withdrawn one stays in the history only.
  private var standing: [Submission] { history.filter { $0.withdrawal == nil } }
  private func h(_ text: String) -> String { Escape.xml(text) }

  func render() -> String {
    let shell = PageShell(
      language: language, title: "\(municipality.name) – lagkoll",
      heading: language.say(
        sv: "\(municipality.name) kommun: inlämnade planer", en: "\(municipality.name): submitted plans"),
      meta: [
        (language.say(sv: "Kommunkod", en: "Municipality code"), municipality.code),
        (language.say(sv: "Län", en: "County"), municipality.county),
      ],
      contents: [
        ("nasta", language.say(sv: "Nästa enligt 6 §", en: "Next under 6 §")),
        ("kommande", language.say(sv: "Kommande", en: "Coming")),
        ("forsenat", language.say(sv: "Försenat", en: "Overdue")),
        ("fynd", language.say(sv: "Fynd", en: "Findings")),
        ("andringar", language.say(sv: "Vad som ändrats", en: "What changed")),
        ("historik", language.say(sv: "Historik", en: "History")),
      ], extraStyle: Markup.pageStyle + KommunPage.style + StoredFindingsView.style + CalendarPanels.style,
      allowsForms: true)
    var out = AccountBar.render(identity, language: language)
    if let notice { out += "<div class=\"notice ok\" role=\"status\"><p>\(h(notice))</p></div>\n" }
    out += nextDue()
    out += CalendarPanels(calendar: calendar, language: language).kommun(feed: feed())
    if case .samordnare(let own) = identity.user.role, own == municipality.code { out += form() }
    out += latestFindings()
    out += changes()
    out += historyTable()
    return shell.render(
      main: out,
      footerNotes: [
        language.say(
          sv: "En inlämning ändras aldrig; en rättelse är en ny inlämning.",
          en: "A submission never changes; a correction is a new submission.")
      ])
  }

  func nextDue() -> String {
    var out =
      "<section id=\"nasta\" class=\"due\">\n<h2>\(h(language.say(sv: "Nästa gång enligt 6 §", en: "Next due under 6 §")))</h2>\n"
    guard let latest = standing.first,
      let document = try? DocumentReader.parse(latest.bytes, file: "plan", format: nil)
    else {
      out +=
        "<p>\(h(language.say(sv: "Ingen plan är inlämnad än.", en: "No plan has been submitted yet.")))</p>\n</section>\n"
      return out
    }
    let due = NextDue(plan: document.root, ruleSet: ruleSet)
    func row(_ label: String, _ date: CivilDate?, from: CivilDate?, fromLabel: String) {
      out += "<div class=\"deadline\"><dt>\(h(label))</dt><dd>"
      if let date {
        let late = today > date
        out +=
          "<strong class=\"\(late ? "late" : "ontime")\">\(h(language.say(sv: "senast", en: "by"))) \(h(date.description))</strong>"
        if late { out += " <span class=\"late\">\(h(language.say(sv: "försenad", en: "overdue")))</span>" }
        if let from { out += "<br /><span class=\"basis\">\(h(fromLabel)) \(h(from.description))</span>" }
      } else {
        out += h(
          language.say(
            sv: "kan inte beräknas: planen anger inget datum", en: "cannot be computed: the plan gives no date"))
      }
      out += "</dd></div>\n"
    }
    out += "<dl>\n"
    row(
      language.say(sv: "Lägesbilden uppdateras", en: "Update the lägesbild"), due.lagesbildDue, from: due.lagesbild,
      fromLabel: language.say(sv: "två år efter den senaste lägesbilden,", en: "two years after the newest lägesbild,"))
    row(
      language.say(sv: "Åtgärdsplanen följs upp", en: "Follow up the plan"), due.followUpDue, from: due.followUpFrom,
      fromLabel: language.say(
        sv: "två år efter den senaste uppföljningen eller planens beslut, det senare av dem,",
        en: "two years after the newest follow-up or the plan's decision, whichever is later,"))
    out +=
      "</dl>\n<p class=\"basis\">\(h(language.say(sv: "Beräknat från inlämningen \(Self.day(latest.receivedAt)). Lag (2023:196) 6 §: minst vartannat år; 29 februari räknas som 28 februari.", en: "Computed from the submission of \(Self.day(latest.receivedAt)). Act (2023:196) 6 §: at least every second year; 29 February counts as 28 February.")))</p>\n</section>\n"
    return out
  }

  /// The kommun's calendar: to download now (as the signed-in user), or to subscribe to by a personal
  /// address.
  func feed() -> String {
    let path = "/kommun/\(municipality.code)/kalender.ics" + language.say(sv: "", en: "?lang=en")
    var out =
      "<p class=\"feed\"><a href=\"\(h(path))\">\(h(language.say(sv: "Hämta kalendern (.ics)", en: "Download the calendar (.ics)")))</a></p>\n"
    out += AccountPage.createForm(
      identity, language: language, choices: [(.kommun, municipality.code)], ruleSet: ruleSet)
    return out
  }

  func form() -> String {
    let invalid = problem == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"fel\""
    return """
      <section id="lamna-in" class="submit">
      <h2>\(h(language.say(sv: "Lämna in en plan", en: "Submit a plan")))</h2>
      <form method="post" action="/kommun/\(h(municipality.code))" enctype="multipart/form-data" accept-charset="utf-8">
      <input type="hidden" name="csrf" value="\(h(identity.csrf ?? ""))" />
      \(problem.map { "<div class=\"notice\" role=\"alert\" id=\"fel\"><p>\(h($0))</p></div>" } ?? "")
      <p><label for="plan">\(h(language.say(sv: "Planfil (XML, JSON eller Word (.docx))", en: "Plan file (XML, JSON or Word (.docx))")))</label>
      <input type="file" id="plan" name="plan" accept=".xml,.json,.docx,application/xml,application/json,\(SourceFormat.docxMediaType)"\(invalid) /></p>
      <p><label for="text">\(h(language.say(sv: "… eller klistra in planens text", en: "… or paste the plan's text")))</label>
      <textarea id="text" name="text" rows="6" cols="60" spellcheck="false"\(invalid)></textarea></p>
      <p><button type="submit">\(h(language.say(sv: "Lämna in", en: "Submit")))</button></p>
      </form>
      </section>

      """
  }

  /// What the newest submission lacks, as the engine found it when it came in, by obligation.
  func latestFindings() -> String {
    guard let latest = standing.first else { return "" }
    let findings = StoredFinding.all(latest)
    var out =
      "<section id=\"fynd\">\n<h2>\(h(language.say(sv: "Fynd i den senaste inlämningen", en: "Findings in the latest submission"))) (\(findings.count))</h2>\n"
    out +=
      "<p class=\"hint\"><a href=\"/submissions/\(h(latest.id))\(language.say(sv: "", en: "?lang=en"))\">\(h(language.say(sv: "Inlämningen \(Self.day(latest.receivedAt)) i sin helhet", en: "The submission of \(Self.day(latest.receivedAt)) in full")))</a></p>\n"
    out += StoredFindingsView(ruleSet: ruleSet, language: language).render(findings)
    return out + "</section>\n"
  }

  /// A short list of findings (what changed): rule, message, place.
  static func list(_ findings: [StoredFinding], kind: String, language: Language) -> String {
    guard !findings.isEmpty else { return "<p>\(Escape.xml(language.say(sv: "Inga.", en: "None.")))</p>\n" }
    var out = "<ul class=\"findings \(kind)\">\n"
    for finding in findings {
      out +=
        "<li class=\"\(Escape.xml(finding.severity))\"><code>\(Escape.xml(finding.ruleId))</code> \(Escape.xml(finding.message))"
      if !finding.path.isEmpty { out += " <code class=\"path\">\(Escape.xml(finding.path))</code>" }
      out += "</li>\n"
    }
    return out + "</ul>\n"
  }

  func changes() -> String {
    var out =
      "<section id=\"andringar\">\n<h2>\(h(language.say(sv: "Vad som ändrats sedan förra inlämningen", en: "What changed since the previous submission")))</h2>\n"
    let standing = standing
    guard standing.count >= 2 else {
      out +=
        "<p>\(h(language.say(sv: "Det behövs två inlämningar för att jämföra.", en: "Two submissions are needed to compare.")))</p>\n</section>\n"
      return out
    }
    let (new, resolved) = StoredFinding.changes(from: standing[1], to: standing[0])
    func list(_ title: String, _ id: String, _ findings: [StoredFinding]) {
      out += "<h3 id=\"\(id)\">\(h(title)) (\(findings.count))</h3>\n"
      out += Self.list(findings, kind: id, language: language)
    }
    list(language.say(sv: "Åtgärdade", en: "Resolved"), "atgardade", resolved)
    list(language.say(sv: "Nya", en: "New"), "nya", new)
    out += "</section>\n"
    return out
  }

  func historyTable() -> String {
    var out = "<section id=\"historik\">\n<h2>\(h(language.say(sv: "Historik", en: "History")))</h2>\n"
    guard !history.isEmpty else {
      return out + "<p>\(h(language.say(sv: "Inga inlämningar.", en: "No submissions.")))</p>\n</section>\n"
    }
    out +=
      "<table>\n<thead><tr><th>\(h(language.say(sv: "Mottagen", en: "Received")))</th><th>\(h(language.say(sv: "Bedömning", en: "Verdict")))</th><th>\(h(language.say(sv: "Fel", en: "Errors")))</th><th>\(h(language.say(sv: "Varningar", en: "Warnings")))</th><th>\(h(language.say(sv: "Inlämnad av", en: "Submitted by")))</th><th>SHA-256</th><th></th></tr></thead>\n<tbody>\n"
    for submission in history {
      var verdict =
        submission.ready ? (language.say(sv: "klar", en: "ready")) : (language.say(sv: "inte klar", en: "not ready"))
      var tone = submission.ready ? "ok" : "error"
      if let withdrawal = submission.withdrawal {
        verdict = (language.say(sv: "återkallad ", en: "withdrawn ")) + Self.day(withdrawal.at) + " (\(verdict))"
        tone = "withdrawn"
      }
      out +=
        "<tr class=\"\(tone)\"><td><a href=\"/submissions/\(h(submission.id))\(language.say(sv: "", en: "?lang=en"))\">\(h(submission.receivedAt.formatted(.iso8601)))</a></td><td class=\"\(tone)\">\(h(verdict))</td><td>\(submission.errors)</td><td>\(submission.warnings)</td><td>\(h(submission.submitter))</td><td><code>\(h(String(submission.sha256.prefix(12))))…</code></td><td><a href=\"/api/v1/submissions/\(h(submission.id))\">JSON</a> · <a href=\"/api/v1/submissions/\(h(submission.id))/raw\">\(h(language.say(sv: "originalet", en: "original")))</a></td></tr>\n"
    }
    out += "</tbody>\n</table>\n</section>\n"
    return out
  }

  static func day(_ date: Date) -> String { String(date.formatted(.iso8601).prefix(10)) }

  static let style = """
    .due dl{display:grid;gap:.5rem}.deadline dt{font-weight:600}.late{color:#a4161a}.ontime{color:#1b5e20}
    .basis{color:#555;font-size:.9em}.submit label{display:block;font-weight:600}
    .findings.atgardade li::marker{content:"✔ "}.findings.nya li::marker{content:"✖ "}
    td.ok{color:#1b5e20}td.error{color:#a4161a}td.withdrawn{color:#5b6473;font-style:italic}tr.withdrawn td:first-child a{text-decoration:line-through}#historik th,#historik td{padding:.25rem .75rem .25rem 0;text-align:left}
    .findings.senaste li.error::marker{content:"✖ "}.findings.senaste li.warning::marker{content:"▲ "}
    """
}
