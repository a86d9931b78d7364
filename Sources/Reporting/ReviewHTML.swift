import PlanDocument
import RuleEngine

/// The county review as one self-contained page: a summary (how many municipalities meet each legal
/// requirement, how many are outdated or late with a follow-up), the obligation matrix coloured by state
/// and marked with a symbol (colour is never the only signal), an explanation of every obligation with
/// its sources and whether each is verified, and each municipality's findings.
///
/// Styles are inline, there are no scripts, nothing is loaded from elsewhere (a Content-Security-Policy
/// says so too), and the page prints on A4 landscape. Every text from a document is escaped, and the
/// markup is well-formed XML, so an XML parser can check it.
public struct ReviewHTMLReporter: ReviewReporter {
  public var language: Language
  public var ruleSet: RuleSet
  /// Municipalities of the review that have handed in nothing (the service's county page): listed as
  /// such, so that silence is never mistaken for a plan that passed.
  public var notSubmitted: [Municipality]
  /// The service's county page: a link for a document (by its path in the matrix), to the stored
  /// submission; markup of its own sections, placed before the matrix; and whether its forms may post.
  public var documentLinks: [String: String] = [:]
  public var extraSections = ""
  /// Markup placed first on the page, before the summary (the service's signed-in bar).
  public var top = ""
  /// Styles those sections need, in the page's one stylesheet (a `<style>` in the body is not HTML).
  public var extraStyle = ""
  /// In-page links to those sections (fragment id and label), after the summary's.
  public var extraContents: [(String, String)] = []
  public var allowsForms = false

  public init(language: Language, ruleSet: RuleSet, notSubmitted: [Municipality] = []) {
    self.language = language
    self.ruleSet = ruleSet
    self.notSubmitted = notSubmitted
  }

  private func h(_ text: String) -> String { Escape.xml(text) }

  /// The fragment id of an obligation's explanation: `obl-<id>`.
  public static func anchor(_ obligation: String) -> String { "obl-" + obligation }

  /// A document's name, linked when the caller gave it a link.
  private func fileName(_ path: String) -> String {
    let name = PageShell.breakable(h(path))
    guard let link = documentLinks[path] else { return name }
    return "<a href=\"\(h(link))\">\(name)</a>"
  }

  /// The fragment id of a document's findings.
  static func documentAnchor(_ rowIndex: Int) -> String { "dok-\(rowIndex + 1)" }

  public func render(_ matrix: ReviewMatrix) -> String {
    let summary = matrix.summary
    let title = ReviewWords.title(language) + ", " + Words.asOf(matrix.asOf, language)
    var meta = [
      (language.say(sv: "Granskat per", en: "Checked as of"), matrix.asOf.description),
      (language.say(sv: "Regeluppsättning", en: "Rule set"), matrix.report.rulesetVersion),
      (language.say(sv: "Dokument", en: "Documents"), String(summary.documents + summary.unreadable)),
    ]
    if let county = matrix.county {
      meta.append(
        (
          language.say(
            sv: "Län",
            en: "County"), "\(county.name) (\(county.code))"
        ))
    }
    meta.append((language.say(sv: "Verktyg", en: "Tool"), "\(ToolInfo.name) \(ToolInfo.version)"))
    let shell = PageShell(
      language: language, title: title,
      heading: language.say(
        sv: "Granskning för län: skyldigheter per kommun",
        en: "County review: obligations by municipality"),
      meta: meta,
      contents: [
        ("sammanfattning", language.say(sv: "Sammanfattning", en: "Summary"))
      ] + extraContents + [
        ("matris", language.say(sv: "Matris", en: "Matrix")),
        ("skyldigheter", language.say(sv: "Skyldigheterna", en: "The obligations")),
        ("fynd", language.say(sv: "Fynd per kommun", en: "Findings by municipality")),
      ],
      landscape: true, extraStyle: ReviewHTMLReporter.style + extraStyle, allowsForms: allowsForms)
    var out = ""
    out.reserveCapacity(64 * 1024 + matrix.rows.count * 6 * 1024)
    out += top
    summarySection(matrix, summary, into: &out)
    if !notSubmitted.isEmpty {
      out +=
        "<section class=\"missing\" id=\"ej-inlamnat\">\n<h2>\(h(language.say(sv: "Har inte lämnat in någon plan", en: "Have submitted no plan"))) (\(notSubmitted.count))</h2>\n<ul>\n"
      for municipality in notSubmitted { out += "<li>\(h(municipality.name)) (\(h(municipality.code)))</li>\n" }
      out += "</ul>\n</section>\n"
    }
    out += extraSections
    matrixSection(matrix, into: &out)
    obligationsSection(matrix, into: &out)
    findingsSection(matrix, into: &out)
    return shell.render(
      main: out,
      footerNotes: [
        language.say(
          sv:
            "Sammanfattningarna av lagrum är skrivna med egna ord och är inte lagtext. Paragrafnummer som inte är verifierade mot den officiella texten är markerade. Vägledning är inte lagkrav. Innehållet i tabellerna kommer från kommunernas dokument.",
          en:
            "The summaries of provisions are in our own words, not the statute's text. Paragraph numbers not verified against the official text are marked. Guidance is not a legal requirement. The tables show what the municipalities' documents say."
        )
      ])
  }

  // MARK: - Summary

  private func summarySection(_ matrix: ReviewMatrix, _ summary: ReviewSummary, into out: inout String) {
    out +=
      "<section class=\"summary\" id=\"sammanfattning\">\n<h2>\(h(language.say(sv: "Sammanfattning", en: "Summary")))</h2>\n<ul class=\"tiles\">\n"
    summaryTiles(matrix, summary, into: &out)
    out += "</ul>\n"
    // Nothing is silently missing: every file that could not be read is named here.
    let unreadable = matrix.unreadable
    if !unreadable.isEmpty {
      out += "<ul class=\"unreadable-list\">"
      for row in unreadable {
        out +=
          "<li>\(h(language.say(sv: "Kunde inte läsas: ", en: "Could not be read: ")))<code>\(PageShell.breakable(h(row.path)))</code>: "
        out += h(row.readError?.message.text(language) ?? "") + "</li>"
      }
      out += "</ul>\n"
    }
    if let notice = matrix.report.configuration {
      out += "<p class=\"configuration\">\(h(Words.configuration(notice, language)))</p>\n"
    }

    dutiesTable(matrix, summary, into: &out)
    out += "</section>\n"
  }

  /// The summary's tiles: documents, municipalities, verdicts, and what was left out or unreadable.
  private func summaryTiles(_ matrix: ReviewMatrix, _ summary: ReviewSummary, into out: inout String) {
    func tile(_ kind: String, _ number: Int, _ label: String, of total: Int? = nil) {
      out += "<li class=\"tile \(kind)\"><span class=\"number\">\(number)"
      if let total { out += "<span class=\"of\"> / \(total)</span>" }
      out += "</span> <span class=\"label\">\(h(label))</span></li>\n"
    }
    let municipalities = summary.municipalities
    tile(
      "files", summary.documents,
      language.say(
        sv: "dokument",
        en: (summary.documents == 1 ? "document" : "documents")))
    tile(
      "files", municipalities,
      language.say(
        sv: (municipalities == 1 ? "kommun" : "kommuner"),
        en: (municipalities == 1 ? "municipality" : "municipalities")))
    tile("ok", summary.passed, language.say(sv: "klara att lämna in", en: "ready to submit"), of: summary.documents)
    tile("error", summary.failed, language.say(sv: "inte klara: fel", en: "not ready: errors"), of: summary.documents)
    if summary.outdatedWithoutErrors > 0 {
      tile(
        "warning", summary.outdatedWithoutErrors,
        language.say(
          sv: "inaktuella utan fel",
          en: "outdated without errors"), of: summary.documents)
    }
    tile(
      "warning", summary.outdated,
      language.say(
        sv: "kommuner med något inaktuellt: plan, lägesbild, överenskommelse, uppföljning",
        en: "municipalities with something outdated: plan, lägesbild, agreement, follow-up"), of: municipalities)
    tile(
      "warning", summary.followUpsOverdue,
      language.say(
        sv: "kommuner med försenad uppföljning",
        en: "municipalities with an overdue follow-up"), of: municipalities)
    if summary.unreadable > 0 {
      tile(
        "error", summary.unreadable,
        language.say(
          sv: "kunde inte läsas",
          en: "could not be read"))
    }
    if summary.duplicates > 0 {
      tile(
        "warning", summary.duplicates,
        language.say(
          sv: "dubbletter (flera dokument för samma kommun)",
          en: "dubblett: duplicates (several documents for one municipality)"))
    }
    if matrix.otherCounties > 0 {
      tile(
        "muted", matrix.otherCounties,
        language.say(
          sv: "dokument från andra län utelämnade (--lan)",
          en: "documents from other counties left out (--lan)"))
    }
    if summary.skipped > 0 {
      tile(
        "muted", summary.skipped,
        language.say(
          sv: "hoppades över (inte plandokument)",
          en: "skipped (not plan documents)"))
    }
  }

  /// Per legal requirement, how many municipalities meet it.
  private func dutiesTable(_ matrix: ReviewMatrix, _ summary: ReviewSummary, into out: inout String) {
    let municipalities = summary.municipalities
    out +=
      "<h3>\(h(language.say(sv: "Lagkrav: kommuner som uppfyller dem", en: "Legal requirements: municipalities that meet them")))</h3>\n"
    out +=
      "<p class=\"hint\">\(h(language.say(sv: "En kommun uppfyller ett krav när dokumentet inte har något fel eller någon varning för det (information och undantag räknas inte). En kommun med flera dokument måste uppfylla kravet i alla.", en: "A municipality meets a requirement when its document has no error or warning for it (information and suppressed findings do not count). A municipality with several documents must meet it in all of them.")))</p>\n"
    out += "<table class=\"duties\">\n"
    let headings = language.say(
      sv: ["Skyldighet", "Hänvisning", "Uppfyller", ""],
      en: ["Obligation", "Reference", "Meeting it", ""])
    out += PageShell.tableHead(headings) + "<tbody>\n"
    for (index, obligation) in matrix.obligations.enumerated() where obligation.basis == .lag {
      out +=
        "<tr><td><a href=\"#\(h(ReviewHTMLReporter.anchor(obligation.id)))\">\(h(obligation.title.text(language)))</a>"
      out += " <code class=\"id\">\(h(obligation.id))</code></td>"
      out += "<td class=\"cite\">"
      if let reference = obligation.references.first.flatMap({ ruleSet.references[$0] }) {
        out += h(reference.citation(language))
      }
      out += "</td>"
      if let count = summary.meeting[index] {
        let share = municipalities == 0 ? 0 : Int((Double(count) / Double(municipalities) * 100).rounded())
        out += "<td class=\"num\">\(h(ReviewWords.meeting(count, municipalities, language)))</td>"
        out +=
          "<td class=\"barcell\"><span class=\"bar\" role=\"presentation\"><span style=\"width: \(share)%\"></span></span> <span class=\"pct\">\(share) %</span></td>"
      } else {
        out += "<td class=\"num na\">\(h(ReviewWords.meeting(nil, municipalities, language)))</td><td></td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n"
  }

  // MARK: - The matrix

  /// Runs of neighbouring obligations with the same basis, for the group headings.
  private func groups(_ obligations: [Obligation]) -> [(Basis, Int)] {
    var result: [(Basis, Int)] = []
    for obligation in obligations {
      if let last = result.last, last.0 == obligation.basis {
        result[result.count - 1].1 += 1
      } else {
        result.append((obligation.basis, 1))
      }
    }
    return result
  }

  private func legend(into out: inout String) {
    out += "<ul class=\"legend\">"
    for (state, word) in ReviewWords.legend(language) {
      out +=
        "<li><span class=\"cell s-\(ReviewHTMLReporter.stateClass(state))\">\(ReviewWords.symbol(state))</span> \(h(word))</li>"
    }
    out +=
      "<li><span class=\"badge dup\">\(ReviewWords.duplicate)</span> \(h(language.say(sv: "flera dokument för samma kommun", en: "several documents for the same municipality")))</li>"
    out += "</ul>\n"
  }

  static func stateClass(_ state: ObligationState) -> String {
    state == .notApplicable ? "na" : state.rawValue
  }

  private func matrixSection(_ matrix: ReviewMatrix, into out: inout String) {
    out +=
      "<section class=\"matrix-section\" id=\"matris\">\n<h2>\(h(language.say(sv: "Skyldigheter per kommun", en: "Obligations by municipality")))</h2>\n"
    out +=
      "<p class=\"hint\">\(h(language.say(sv: "Varje ruta visar det allvarligaste fyndet för skyldigheten i dokumentet. Rubrikerna leder till förklaringen av skyldigheten, kommunnamnen till kommunens fynd.", en: "Each cell shows the most severe finding for the obligation in the document. The headings lead to the obligation's explanation, the municipality names to its findings.")))</p>\n"
    legend(into: &out)
    let count = matrix.obligations.count
    // The table scrolls inside its box, so the headings stay in view (position: sticky) both ways.
    out += "<div class=\"scroll\">\n<table class=\"matrix\">\n<thead>\n<tr>"
    out +=
      "<th scope=\"col\" rowspan=\"2\" class=\"who\">\(h(language.say(sv: "Kommun och fil", en: "Municipality and file")))</th>"
    out += "<th scope=\"col\" rowspan=\"2\" class=\"status\">\(h("Status"))</th>"
    for (basis, span) in groups(matrix.obligations) {
      out +=
        "<th scope=\"colgroup\" colspan=\"\(span)\" class=\"group g-\(basis == .vagledning ? "vagledning" : basis.rawValue)\">\(h(ReviewWords.basisHeading(basis, language)))</th>"
    }
    out += "</tr>\n<tr>"
    for (index, obligation) in matrix.obligations.enumerated() {
      var classes = "obl g-\(obligation.basis == .vagledning ? "vagledning" : obligation.basis.rawValue)"
      if index > 0, matrix.obligations[index - 1].basis != obligation.basis { classes += " first" }
      out +=
        "<th scope=\"col\" class=\"\(classes)\"><a href=\"#\(h(ReviewHTMLReporter.anchor(obligation.id)))\" title=\"\(h(obligation.title.text(language)))\"><span>\(h(obligation.id))</span></a></th>"
    }
    out += "</tr>\n</thead>\n"
    let firsts = Set(
      matrix.obligations.indices.filter { $0 > 0 && matrix.obligations[$0 - 1].basis != matrix.obligations[$0].basis })
    for group in matrix.countyGroups {
      let rows = group.rows.map { matrix.rows[$0] }
      let documents = rows.filter { $0.status != .unreadable }
      let name = group.county.map { "\($0.name) (\($0.code))" } ?? language.say(sv: "Okänt län", en: "Unknown county")
      let ready = documents.filter { $0.verdict.isReady }.count
      out +=
        "<tbody>\n<tr class=\"county-head\"><th scope=\"rowgroup\" colspan=\"\(count + 2)\"><span class=\"county-label\">\(h(name))"
      out +=
        " <span class=\"county-counts\">\(h(language.say(sv: "\(rows.count) dokument, \(ready) klara", en: "\(rows.count) \(rows.count == 1 ? "document" : "documents"), \(ready) ready")))</span></span></th></tr>\n"
      for rowIndex in group.rows {
        let row = matrix.rows[rowIndex]
        let kommun = ReviewWords.kommun(row, language)
        out += "<tr\(row.duplicate ? " class=\"duplicate\"" : "")>"
        out +=
          "<th scope=\"row\" class=\"who\"><a href=\"#\(ReviewHTMLReporter.documentAnchor(rowIndex))\">\(h(kommun))</a>"
        if let kod = row.kod { out += " <span class=\"code\">\(h(kod))</span>" }
        if row.duplicate { out += " <span class=\"badge dup\">\(ReviewWords.duplicate)</span>" }
        out += "<span class=\"file\">\(fileName(row.path))</span></th>"
        out += "<td class=\"status\">\(PageShell.badge(row.verdict, language))</td>"
        if row.status == .unreadable {
          out +=
            "<td colspan=\"\(count)\" class=\"unreadable-cell\">\(h(row.readError?.message.text(language) ?? ""))</td>"
        } else {
          for (index, state) in row.cells.enumerated() {
            let word = ReviewWords.state(state, language)
            out +=
              "<td class=\"cell s-\(ReviewHTMLReporter.stateClass(state))\(firsts.contains(index) ? " first" : "")\" title=\"\(h("\(matrix.obligations[index].id): \(word)"))\">\(ReviewWords.symbol(state))</td>"
          }
        }
        out += "</tr>\n"
      }
      // The county's subtotal: how many of its documents meet each obligation.
      out += "<tr class=\"subtotal\"><th scope=\"row\" colspan=\"2\">"
      out += h(
        language.say(
          sv: "Delsumma \(name): dokument som uppfyller (av \(documents.count))",
          en: "Subtotal \(name): documents meeting it (of \(documents.count))"))
      out += "</th>"
      for index in matrix.obligations.indices {
        let first = firsts.contains(index) ? " first" : ""
        if matrix.inForce[index] {
          let meeting = documents.filter { index < $0.cells.count && $0.cells[index].isMet }.count
          out += "<td class=\"sum\(first)\(meeting < documents.count ? " short" : "")\">\(meeting)</td>"
        } else {
          out += "<td class=\"sum na\(first)\">\(Symbols.notApplicable)</td>"
        }
      }
      out += "</tr>\n</tbody>\n"
    }
    out += "</table>\n</div>\n"
    if !matrix.skipped.isEmpty {
      out +=
        "<h3>\(h(language.say(sv: "Hoppades över (inte plandokument)", en: "Skipped (not plan documents)")))</h3>\n<ul class=\"skipped\">"
      for file in matrix.skipped { out += "<li><code>\(PageShell.breakable(h(file.path)))</code></li>" }
      out += "</ul>\n"
    }
    out += "</section>\n"
  }

  // MARK: - The obligations explained

  private func obligationsSection(_ matrix: ReviewMatrix, into out: inout String) {
    out +=
      "<section class=\"obligations\" id=\"skyldigheter\">\n<h2>\(h(language.say(sv: "Skyldigheterna", en: "The obligations")))</h2>\n"
    out +=
      "<p class=\"hint\">\(h(language.say(sv: "Endast 1–4 § SFS 2023:196 är verifierade ordagrant mot lagtexten. Skyldigheter med grund vägledning är rekommendationer, inte lagkrav.", en: "Only 1–4 § of SFS 2023:196 are verified word for word. Obligations based on guidance are recommendations, not legal requirements.")))</p>\n"
    var rulesByObligation: [String: [Rule]] = [:]
    for rule in ruleSet.rules where rule.applies(on: matrix.asOf) {
      rulesByObligation[rule.obligation, default: []].append(rule)
    }
    for (index, obligation) in matrix.obligations.enumerated() {
      out += "<div class=\"obligation\" id=\"\(h(ReviewHTMLReporter.anchor(obligation.id)))\">\n"
      out +=
        "<h3><span class=\"num\">\(index + 1)</span> <code class=\"id\">\(h(obligation.id))</code> \(h(obligation.title.text(language)))</h3>\n"
      out +=
        "<p><span class=\"flag basis-\(obligation.basis == .vagledning ? "vagledning" : obligation.basis.rawValue)\">\(h(Words.capitalized(Words.basis(obligation.basis, language))))</span> "
      out += h(obligation.description.text(language)) + "</p>\n<ul class=\"refs\">\n"
      for id in obligation.references {
        guard let reference = ruleSet.references[id] else { continue }
        out +=
          "<li>\(CitationMarkup.cite(reference, basis: obligation.basis, language)) <span class=\"summary-text\">\(h(reference.summary.text(language)))</span></li>\n"
      }
      out += "</ul>\n"
      let rules = rulesByObligation[obligation.id] ?? []
      out += "<p class=\"rules\">"
      if rules.isEmpty {
        out += h(
          language.say(
            sv: "Ingen regel gäller per \(matrix.asOf): kolumnen visar –.",
            en: "No rule is in force on \(matrix.asOf): the column shows –."))
      } else {
        out += h(language.say(sv: "Regler: ", en: "Rules: "))
        out += rules.map { "<span class=\"rule\" title=\"\(h($0.title.text(language)))\">\(h($0.id))</span>" }.joined(
          separator: ", ")
      }
      out += "</p>\n</div>\n"
    }
    out += "</section>\n"
  }

  // MARK: - Findings by municipality

  private func findingsSection(_ matrix: ReviewMatrix, into out: inout String) {
    out +=
      "<section class=\"documents\" id=\"fynd\">\n<h2>\(h(language.say(sv: "Fynd per kommun", en: "Findings by municipality")))</h2>\n"
    for (rowIndex, row) in matrix.rows.enumerated() {
      document(row, matrix.file(row), rowIndex, matrix, into: &out)
    }
    out += "</section>\n"
  }

  private func document(
    _ row: ReviewRow, _ file: FileResult, _ rowIndex: Int, _ matrix: ReviewMatrix, into out: inout String
  ) {
    out += "<article class=\"doc\" id=\"\(ReviewHTMLReporter.documentAnchor(rowIndex))\">\n"
    out += "<h3>\(h(ReviewWords.kommun(row, language)))"
    if let kod = row.kod { out += " <span class=\"code\">\(h(kod))</span>" }
    if let lan = row.lan { out += " <span class=\"county-name\">\(h(lan))</span>" }
    out += " " + PageShell.badge(row.verdict, language)
    if row.duplicate { out += " <span class=\"badge dup\">\(ReviewWords.duplicate)</span>" }
    out += "</h3>\n<p class=\"docmeta\"><code>\(fileName(row.path))</code>"
    if row.nameDiffers, let stated = row.stated?.namn {
      out +=
        " · "
        + h(
          language.say(
            sv: "dokumentet anger namnet ”\(stated)”",
            en: "the document gives the name “\(stated)”"))
    }
    if let since = row.outdatedSince {
      out += " · <span class=\"note outdated\">\(h(Words.capitalized(Words.outdatedSince(since, language))))</span>"
    }
    out += "</p>\n"
    if row.duplicate {
      out += "<p class=\"note dupnote\">\(h(ReviewWords.duplicateNote(language)))</p>\n"
    }
    if let error = file.readError {
      out += "<p class=\"read-error\">"
      if let location = error.location {
        out +=
          "<span class=\"loc\">\(h(language.say(sv: "Rad \(location.line), kolumn \(location.column)", en: "Line \(location.line), column \(location.column)")))</span> "
      }
      out += h(error.message.text(language)) + "</p>\n</article>\n"
      return
    }
    out += "<p class=\"verdict \(Symbols.tone(row.verdict))\">\(h(Words.verdict(file, language)))"
    if file.suppressedCount > 0 { out += " · " + h(Words.suppressedCount(file.suppressedCount, language)) }
    out += "</p>\n"
    guard !file.findings.isEmpty else {
      out += "</article>\n"
      return
    }
    out += "<table class=\"findings\">\n"
    out += PageShell.tableHead(FindingRow.headings(language)) + "<tbody>\n"
    for finding in file.findings.sorted(by: Finding.documentOrder) { self.finding(finding, into: &out) }
    out += "</tbody>\n</table>\n</article>\n"
  }

  private func finding(_ finding: Finding, into out: inout String) {
    out += FindingRow.start(finding, language)
    out += "<td class=\"source\"><p><span class=\"rule\">\(h(finding.ruleId))</span> "
    let obligation = h(Words.obligation(finding.obligation, ruleSet, language))
    // A configuration finding has no column of the matrix to link to.
    out +=
      finding.basis == .konfiguration
      ? obligation + "</p><p>"
      : "<a href=\"#\(h(ReviewHTMLReporter.anchor(finding.obligation)))\">\(obligation)</a></p><p>"
    out += CitationMarkup.cite(finding.reference, basis: finding.basis, language) + "</p></td></tr>\n"
  }

  // MARK: - Style

  /// What only the review adds to `PageShell.style`. No `url(` and no `@import`: the page loads nothing.
  static let style = """
    .duties { width: 100%; max-width: 73rem; }
    .duties th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: .04em; border-bottom: 2px solid var(--line); padding: 0.333rem 0.667rem; }
    .duties td { border-bottom: 1px solid var(--line); padding: 0.4rem 0.667rem; vertical-align: middle; }
    .duties .id { color: var(--muted); font-size: 0.8rem; }
    .duties .cite { font-size: 0.867rem; color: var(--muted); }
    .duties td.num { white-space: nowrap; font-weight: 600; }
    .duties td.na { font-weight: 400; color: var(--muted); }
    .barcell { width: 30%; white-space: nowrap; }
    .bar { display: inline-block; vertical-align: middle; width: 75%; height: 0.667rem; background: var(--error-bg); border: 1px solid #e8b4ae; border-radius: 3px; overflow: hidden; }
    .bar span { display: block; height: 100%; background: var(--ok); }
    .pct { font-size: 0.8rem; color: var(--muted); font-variant-numeric: tabular-nums; }
    .unreadable-list { margin: 0.8rem 0 0; padding-left: 1.2rem; color: var(--error); font-size: 0.9rem; }
    .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; margin: 0 0 0.8rem; padding: 0; font-size: 0.867rem; align-items: center; }
    .legend .cell { display: inline-block; width: 1.5rem; text-align: center; border-radius: 3px; border: 1px solid var(--line); }
    .scroll { overflow: auto; max-height: 85vh; border: 1px solid var(--line); border-radius: 0.267rem; }
    .matrix { font-size: 0.867rem; border-collapse: separate; border-spacing: 0; }
    .matrix thead th { background: var(--paper); position: sticky; top: 0; z-index: 2; }
    .matrix thead tr:nth-child(2) th { top: 1.9rem; }
    .matrix thead th.who { left: 0; z-index: 3; }
    .matrix th.group { height: 1.9rem; text-align: center; font-size: 0.8rem; text-transform: uppercase; letter-spacing: .05em; padding: 0.267rem 0.133rem; border-bottom: 1px solid var(--line); color: var(--ink); }
    .matrix th.g-lag { background: #e9eef6; }
    .matrix th.g-vagledning { background: #f4f1e8; }
    .matrix th.g-dokument { background: #eef0f3; }
    .matrix thead th.who, .matrix thead th.status { vertical-align: bottom; font-size: 0.8rem; text-transform: uppercase; letter-spacing: .04em; padding: 0.267rem 0.533rem; border-bottom: 2px solid var(--line); }
    .matrix th.obl { vertical-align: bottom; height: 15.5em; padding: 0.267rem 0; width: 1.9em; border-bottom: 2px solid var(--line); text-transform: none; font-size: 0.8rem; font-weight: 500; }
    .matrix th.obl a { display: block; writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; margin: 0 auto; color: var(--ink); text-decoration: none; font-family: var(--mono); }
    .matrix th.obl a:hover { color: var(--accent); text-decoration: underline; }
    .matrix .first { border-left: 2px solid #aab2bf; }
    .matrix tbody th, .matrix tbody td { border-bottom: 1px solid var(--line); }
    .matrix tbody th.who { position: sticky; left: 0; z-index: 1; background: var(--paper); font-weight: 600; color: var(--ink); padding: 0.267rem 0.667rem 0.267rem 0.4rem; min-width: 12rem; max-width: 22rem; }
    .matrix tbody th.who a { color: var(--ink); }
    .matrix .code { color: var(--muted); font-weight: 400; font-size: 0.8rem; }
    .matrix .file { font-family: var(--mono); display: block; font-weight: 400; font-size: 0.733rem; color: var(--muted); overflow-wrap: normal; word-break: normal; }
    .matrix td.status { padding: 0.267rem 0.533rem; white-space: nowrap; }
    .matrix td.cell { text-align: center; padding: 0; width: 1.9em; min-width: 1.9em; font-weight: 700; border-left: 1px solid #fff; }
    .matrix tbody tr:hover th.who, .matrix tbody tr:hover td.status { background: #f0f4fa; }
    .matrix tr.duplicate th.who { box-shadow: inset 4px 0 0 var(--warning-line); }
    .matrix tr.county-head .county-label { position: sticky; left: 0.533rem; }
    .matrix tr.county-head th { text-align: left; background: #e9eef6; color: var(--navy); font-size: 0.933rem; padding: 0.4rem 0.533rem; border-top: 2px solid #aab2bf; }
    .matrix .county-counts { font-weight: 500; color: var(--muted); font-size: 0.833rem; margin-left: 0.533rem; }
    .matrix tr.subtotal th { position: sticky; left: 0; background: #f3f5f8; font-size: 0.8rem; font-weight: 600; color: var(--muted); padding: 0.267rem 0.533rem; text-align: right; }
    .matrix tr.subtotal td.sum { background: #f3f5f8; text-align: center; font-size: 0.767rem; font-weight: 650; font-variant-numeric: tabular-nums; color: var(--ok); }
    .matrix tr.subtotal td.sum.short { color: var(--error); }
    .matrix tr.subtotal td.sum.na { color: #8a8f99; font-weight: 400; }
    .unreadable-cell { color: var(--error); background: var(--error-bg); font-size: 0.833rem; padding: 0.267rem 0.533rem; }
    .s-ok { color: var(--ok); background: #eef7f1; }
    .s-error { color: #fff; background: #c8322a; }
    .s-warning { color: #5e3a00; background: #ffd98a; }
    .s-info { color: var(--info); background: var(--info-bg); }
    .s-suppressed { color: var(--sup); background: var(--sup-bg); }
    .s-na { color: #8a8f99; background: #f3f4f6; font-weight: 400; }
    .obligations { columns: 2 34rem; column-gap: 2.4rem; }
    .obligations h2, .obligations > .hint { column-span: all; }
    .obligation { break-inside: avoid; padding: 0.667rem 0 0.8rem; border-bottom: 1px solid var(--line); }
    .obligation h3 { margin: 0 0 0.267rem; font-size: 1rem; }
    .obligation h3 .num { display: inline-block; min-width: 1.8em; color: var(--muted); font-weight: 500; }
    .obligation h3 .id { font-size: 0.867rem; color: var(--navy); background: var(--muted-bg); padding: 0 0.333rem; border-radius: 3px; }
    .obligation p { margin: 0 0 0.267rem; font-size: 0.933rem; }
    .obligation:target { background: #fff8e1; }
    .refs { margin: 0.133rem 0 0.267rem; padding-left: 1.2rem; font-size: 0.867rem; }
    .refs li { margin-bottom: 0.133rem; }
    .summary-text { color: var(--muted); }
    .rules { color: var(--muted); font-size: 0.833rem; }
    .doc { padding: 0.8rem 0 0.667rem; border-top: 1px solid var(--line); }
    .doc h3 { margin: 0 0 0.133rem; font-size: 1.1rem; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.267rem 0.667rem; }
    .doc h3 .code, .doc h3 .county-name { color: var(--muted); font-weight: 500; font-size: 0.933rem; }
    .doc:target { background: #fff8e1; }
    .docmeta { margin: 0 0 0.267rem; color: var(--muted); font-size: 0.867rem; }
    .note.dupnote { color: #5e3a00; margin: 0 0 0.4rem; }
    .skipped { font-size: 0.867rem; }
    @media print {
      .matrix-section, .obligations, .documents { break-before: page; page-break-before: always; }
      .scroll { overflow: visible; max-height: none; border: 0; }
      .matrix thead th, .matrix tbody th.who, .matrix tr.county-head th, .matrix tr.subtotal th { position: static; }
      .matrix { font-size: 0.8rem; }
      .matrix th.obl { height: 11em; width: 1.5em; font-size: 0.75rem; }
      .matrix td.cell { width: 1.5em; min-width: 1.5em; }
      .matrix tbody th.who { min-width: 9rem; }
      .matrix tr.county-head, .matrix tr.subtotal { break-inside: avoid; page-break-inside: avoid; }
      .badge { font-size: 0.75rem; padding: 0 0.267rem; }
      .obligations { columns: 2; }
      .obligation { break-inside: avoid; page-break-inside: avoid; }
    }

    """
}
