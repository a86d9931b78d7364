import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import RuleEngine
import Store

/// `GET /submissions/{id}`: one submission as a page (what `GET /api/v1/submissions/{id}` gives as
/// JSON, for the same people); `POST /submissions/{id}/withdraw` (form) and `POST
/// /api/v1/submissions/{id}/withdrawal` (API): the kommun's coordinator or an admin withdraws it.
struct SubmissionPageRoutes: Sendable {
  var submissions: SubmissionRoutes
  var accounts: AccountSettings { submissions.accounts }
  var ruleSet: RuleSet { submissions.service.ruleSet }

  func page(_ request: Request, context: ServerContext) async throws -> Response {
    let (submission, identity) = try await submissions.visibleWithIdentity(request, context: context)
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    // The form's redirect asks for the notice; it is shown only when the submission is withdrawn.
    let notice = request.uri.queryParameters["aterkallad"].flatMap { _ -> String? in
      guard submission.withdrawal != nil else { return nil }
      return language.say(sv: "Inlämningen är återkallad.", en: "The submission is withdrawn.")
    }
    return try await render(submission, identity, language: language, notice: notice)
  }

  /// The page; with `problem`, the withdrawal form says why it was refused.
  func render(
    _ submission: Submission, _ identity: Identity, language: Language, notice: String? = nil, problem: Problem? = nil
  ) async throws -> Response {
    // The one it is compared with: the kommun's newest earlier submission that was not withdrawn.
    let history = try await accounts.database.submissions(kommun: submission.kommun)
    let previous = history.drop { $0.id != submission.id }.dropFirst().first { $0.withdrawal == nil }
    let html = SubmissionPage(
      submission: submission, previous: previous, identity: identity, ruleSet: ruleSet, language: language,
      notice: notice, problem: problem?.message.text(language)
    ).render()
    return .html(html, language: language, status: problem?.status ?? .ok)
  }

  /// The form: the session's CSRF token and a reason; back to the page, which says it is withdrawn.
  func withdrawForm(_ request: Request, context: ServerContext) async throws -> Response {
    let (submission, identity) = try await submissions.visibleWithIdentity(request, context: context)
    let body = try await BodyReader.read(request, limit: 64 << 10, timeout: .seconds(30))
    let form = FormData.parse(body, contentType: request.headers[.contentType] ?? "") ?? FormData(fields: [])
    try identity.checkFormToken(form)
    let english = form.text("lang") == "en"
    do {
      _ = try await withdraw(submission, by: identity, reason: form.text("reason") ?? "")
    } catch let problem as Problem where problem.code == "bad-withdrawal" {
      // The reason was refused: the page again, the message beside the field.
      return try await render(submission, identity, language: english ? .en : .sv, problem: problem)
    }
    var response = Response(status: .seeOther)
    response.headers[.location] = "/submissions/\(submission.id)?aterkallad=1\(english ? "&lang=en" : "")"
    return response
  }

  /// The API: `{"reason": "…"}`; a browser's session must send its CSRF token in `X-CSRF-Token`.
  func withdrawAPI(_ request: Request, context: ServerContext) async throws -> Response {
    let (submission, identity) = try await submissions.visibleWithIdentity(request, context: context)
    try identity.checkHeaderToken(request)
    let body = try await BodyReader.read(request, limit: 64 << 10, timeout: .seconds(30))
    guard let reason = (try? JSONDecoder().decode(WithdrawalRequest.self, from: Data(body)))?.reason else {
      throw Problem(
        .unprocessableContent, "bad-withdrawal", sv: "skicka {\"reason\": \"…\"}: varför inlämningen återkallas",
        en: "send {\"reason\": \"…\"}: why the submission is withdrawn")
    }
    let withdrawn = try await withdraw(submission, by: identity, reason: reason)
    return .text(SubmissionRoutes.document(withdrawn, includeSubmitter: true), type: "application/json", cache: false)
  }

  /// The API's body (OpenAPI's `reason`), decoded as a type rather than read from a dictionary.
  private struct WithdrawalRequest: Decodable {
    var reason: String
  }

  /// Who may withdraw: the coordinator of the submission's kommun, or an admin (403 for the others
  /// who may see it). A reason is required; a withdrawn submission cannot be withdrawn again (409).
  func withdraw(_ submission: Submission, by identity: Identity, reason: String) async throws -> Submission {
    guard Self.mayWithdraw(identity.user.role, submission) else { throw Problem.forbidden }
    let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !reason.isEmpty, reason.count <= 500 else {
      throw Problem(
        .unprocessableContent, "bad-withdrawal", sv: "ange varför inlämningen återkallas (högst 500 tecken)",
        en: "say why the submission is withdrawn (at most 500 characters)")
    }
    // The reason goes into the audit log, one line per event: nothing in it may break or hide a line.
    guard !PlainText.hasControl(reason) else {
      throw Problem(
        .unprocessableContent, "bad-withdrawal",
        sv:
          "skälet får inte innehålla radbrytningar, tabbar eller andra styr- eller formattecken (till exempel osynliga tecken)",
        en:
          "the reason must not hold line breaks, tabs or other control or format characters (invisible ones, for example)"
      )
    }
    do {
      return try await accounts.database.withdraw(
        id: submission.id, by: identity.user.email, reason: reason, at: accounts.now())
    } catch WithdrawalError.alreadyWithdrawn {
      throw Problem(
        .conflict, "already-withdrawn", sv: "inlämningen är redan återkallad", en: "the submission is already withdrawn"
      )
    } catch WithdrawalError.unknown {
      throw Problem.notFound
    } catch let error as StoreError {
      throw Problem.store(
        error, sv: "inlämningen kunde inte återkallas och gäller som förut",
        en: "the submission could not be withdrawn and counts as before")
    }
  }

  static func mayWithdraw(_ role: Role, _ submission: Submission) -> Bool {
    switch role {
    case .admin: true
    case .samordnare(let kommun): kommun == submission.kommun
    case .granskare: false
    }
  }
}

/// One submission's page in the one page shell: metadata, verdict, the findings by obligation as they
/// were recorded, the withdrawal (or the form for it), links to the exact bytes and the kommun.
struct SubmissionPage {
  var submission: Submission
  var previous: Submission?
  var identity: Identity
  var ruleSet: RuleSet
  var language: Language
  var notice: String?
  /// Why the withdrawal form was refused, shown beside its field.
  var problem: String? = nil

  private func h(_ text: String) -> String { Escape.xml(text) }

  func render() -> String {
    let municipality = ruleSet.municipalities[submission.kommun]
    let name = municipality?.name ?? submission.kommun
    let findings = StoredFinding.all(submission)
    let shell = PageShell(
      language: language, title: "\(name) \(KommunPage.day(submission.receivedAt)) – lagkoll",
      heading: language.say(sv: "Inlämning från \(name) kommun", en: "Submission from \(name)"),
      meta: [
        (language.say(sv: "Kommun", en: "Municipality"), "\(name) (\(submission.kommun))"),
        (language.say(sv: "Mottagen", en: "Received"), submission.receivedAt.formatted(.iso8601)),
        (language.say(sv: "Regeluppsättning", en: "Rule set"), submission.ruleSetVersion),
      ],
      contents: [
        ("uppgifter", language.say(sv: "Uppgifter", en: "Details")),
        ("fynd", language.say(sv: "Fynd per skyldighet", en: "Findings by obligation")),
        ("jamfort", language.say(sv: "Jämfört med föregående", en: "Compared with the previous")),
      ], extraStyle: Markup.pageStyle + SubmissionPage.style + StoredFindingsView.style, allowsForms: true)
    var out = AccountBar.render(identity, language: language)
    if let notice { out += "<div class=\"notice ok\" role=\"status\"><p>\(h(notice))</p></div>\n" }
    out += details(name: name, findings: findings)
    // A withdrawal is the first thing to know about the plan; the form to withdraw comes last.
    if submission.withdrawal != nil { out += withdrawal() }
    out +=
      "<section id=\"fynd\">\n<h2>\(h(language.say(sv: "Fynd per skyldighet", en: "Findings by obligation"))) (\(findings.count))</h2>\n"
    out +=
      "<p class=\"hint\">\(h(language.say(sv: "Så som motorn fann dem när planen kom in, enligt regeluppsättningen \(submission.ruleSetVersion).", en: "As the engine found them when the plan came in, under rule set \(submission.ruleSetVersion); messages are in Swedish as recorded.")))</p>\n"
    out += StoredFindingsView(ruleSet: ruleSet, language: language).render(findings)
    out += "</section>\n"
    out += comparison()
    if submission.withdrawal == nil { out += withdrawal() }
    return shell.render(
      main: out,
      footerNotes: [
        language.say(
          sv: "En inlämning ändras aldrig; en rättelse är en ny inlämning. Vägledning är inte lagkrav.",
          en: "A submission never changes; a correction is a new submission. Guidance is not a legal requirement.")
      ])
  }

  func details(name: String, findings: [StoredFinding]) -> String {
    let verdict = StoredFinding.verdict(submission) ?? (submission.ready ? .ready : .notReady)
    var out = "<section id=\"uppgifter\">\n<h2>\(PageShell.badge(verdict, language))"
    if submission.withdrawal != nil {
      out += " <span class=\"badge muted\">\(h(language.say(sv: "Återkallad", en: "Withdrawn")))</span>"
    }
    out += "</h2>\n<dl class=\"facts\">\n"
    func fact(_ term: String, _ value: String, code: Bool = false) {
      out += "<div><dt>\(h(term))</dt><dd>\(code ? "<code>\(h(value))</code>" : h(value))</dd></div>\n"
    }
    fact(language.say(sv: "Kommun", en: "Municipality"), "\(name) (\(submission.kommun))")
    fact(language.say(sv: "Inlämnad av", en: "Submitted by"), submission.submitter)
    fact(language.say(sv: "Mottagen", en: "Received"), submission.receivedAt.formatted(.iso8601))
    fact("SHA-256", submission.sha256, code: true)
    fact(language.say(sv: "Storlek", en: "Size"), "\(submission.bytes.count) byte")
    fact(language.say(sv: "Regeluppsättning", en: "Rule set"), submission.ruleSetVersion)
    fact(
      language.say(sv: "Fel och varningar", en: "Errors and warnings"), "\(submission.errors) / \(submission.warnings)")
    fact("Id", submission.id, code: true)
    // The form it came in, so that a Word document is not a surprise download.
    let form =
      switch SourceFormat(mediaType: submission.contentType) {
      case .docx: "Word, .docx"
      case .json: "JSON"
      case .xml, nil: "XML"
      }
    out +=
      "</dl>\n<p><a href=\"/api/v1/submissions/\(h(submission.id))/raw\">\(h(language.say(sv: "Ladda ned planen exakt som den lämnades in", en: "Download the plan exactly as submitted"))) (\(form))</a>"
    out += " · <a href=\"/api/v1/submissions/\(h(submission.id))\">JSON</a>"
    out +=
      " · <a href=\"/kommun/\(h(submission.kommun))\(language.say(sv: "", en: "?lang=en"))\">\(h(language.say(sv: "Kommunens alla inlämningar", en: "All the municipality's submissions")))</a></p>\n"
    return out + "</section>\n"
  }

  /// New and resolved findings against the kommun's previous standing submission.
  func comparison() -> String {
    var out =
      "<section id=\"jamfort\">\n<h2>\(h(language.say(sv: "Jämfört med föregående inlämning", en: "Compared with the previous submission")))</h2>\n"
    guard let previous else {
      return out
        + "<p>\(h(language.say(sv: "Kommunen har ingen tidigare inlämning som gäller.", en: "The municipality has no earlier standing submission.")))</p>\n</section>\n"
    }
    out +=
      "<p class=\"hint\"><a href=\"/submissions/\(h(previous.id))\(language.say(sv: "", en: "?lang=en"))\">\(h(language.say(sv: "Föregående: \(KommunPage.day(previous.receivedAt))", en: "Previous: \(KommunPage.day(previous.receivedAt))")))</a></p>\n"
    let (new, resolved) = StoredFinding.changes(from: previous, to: submission)
    out +=
      "<h3>\(h(language.say(sv: "Åtgärdade", en: "Resolved"))) (\(resolved.count))</h3>\n"
      + KommunPage.list(resolved, kind: "atgardade", language: language)
    out +=
      "<h3>\(h(language.say(sv: "Nya", en: "New"))) (\(new.count))</h3>\n"
      + KommunPage.list(new, kind: "nya", language: language)
    return out + "</section>\n"
  }

  func withdrawal() -> String {
    if let withdrawal = submission.withdrawal {
      return """
        <section id="aterkallad" class="withdrawn">
        <h2>\(h(language.say(sv: "Återkallad", en: "Withdrawn")))</h2>
        <p>\(h(language.say(sv: "Återkallad \(withdrawal.at.formatted(.iso8601)) av \(withdrawal.by). Den räknas inte längre som kommunens senaste plan; filen och fynden finns kvar.", en: "Withdrawn \(withdrawal.at.formatted(.iso8601)) by \(withdrawal.by). It no longer counts as the municipality's latest plan; the file and findings are kept.")))</p>
        <p><strong>\(h(language.say(sv: "Skäl:", en: "Reason:")))</strong> \(h(withdrawal.reason))</p>
        </section>

        """
    }
    guard SubmissionPageRoutes.mayWithdraw(identity.user.role, submission), let csrf = identity.csrf else { return "" }
    return """
      <section id="aterkalla">
      <h2>\(h(language.say(sv: "Återkalla inlämningen", en: "Withdraw the submission")))</h2>
      <p class="hint">\(h(language.say(sv: "En återkallad inlämning räknas inte längre som kommunens senaste; den finns kvar i historiken. Det går inte att ångra.", en: "A withdrawn submission no longer counts as the municipality's latest; it stays in the history. This cannot be undone.")))</p>
      <form method="post" action="/submissions/\(h(submission.id))/withdraw" class="withdraw" accept-charset="utf-8">
      <input type="hidden" name="csrf" value="\(h(csrf))" />
      <input type="hidden" name="lang" value="\(language.rawValue)" />
      \(problem.map { "<div class=\"notice\" role=\"alert\" id=\"fel\"><p>\(h($0))</p></div>" } ?? "")
      <p><label for="reason">\(h(language.say(sv: "Skäl", en: "Reason")))</label>
      <input type="text" id="reason" name="reason" maxlength="500" size="60" required="required"\(
        problem == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"fel\"") /></p>
      <p><button type="submit" class="danger">\(h(language.say(sv: "Återkalla", en: "Withdraw")))</button></p>
      </form>
      </section>

      """
  }

  static let style = """
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.2rem; margin: 0 0 0.8rem; }
    .facts div { display: contents; }
    .facts dt { color: var(--muted); }
    .facts dd { margin: 0; overflow-wrap: anywhere; }
    .withdraw label { display: block; }
    .findings.atgardade li::marker { content: "✔ "; }
    .findings.nya li::marker { content: "✖ "; }
    .withdrawn { border-left: 5px solid #8a8f99; }

    """
}
