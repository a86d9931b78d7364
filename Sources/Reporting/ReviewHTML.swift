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

  public init(language: Language, ruleSet: RuleSet) {
    self.language = language
    self.ruleSet = ruleSet
  }

  private var sv: Bool { language == .sv }

  private func h(_ text: String) -> String { Escape.xml(text) }

  /// The fragment id of an obligation's explanation: `obl-<id>`.
  public static func anchor(_ obligation: String) -> String { "obl-" + obligation }

  /// The fragment id of a document's findings.
  static func documentAnchor(_ rowIndex: Int) -> String { "dok-\(rowIndex + 1)" }

  public func render(_ matrix: ReviewMatrix) -> String {
    let summary = matrix.summary
    let title = ReviewWords.title(language) + ", " + Words.asOf(matrix.asOf, language)
    var out = ""
    out.reserveCapacity(64 * 1024 + matrix.rows.count * 6 * 1024)
    out += """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="\(language.rawValue)">
      <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'" />
      <meta name="referrer" content="no-referrer" />
      <meta name="generator" content="\(h("\(ToolInfo.name) \(ToolInfo.version)"))" />
      <title>\(h(title))</title>
      <style>\(ReviewHTMLReporter.style)</style>
      </head>
      <body>

      """
    header(matrix, summary, into: &out)
    out += "<main>\n"
    summarySection(matrix, summary, into: &out)
    matrixSection(matrix, into: &out)
    obligationsSection(matrix, into: &out)
    findingsSection(matrix, into: &out)
    out += "</main>\n<footer><p>"
    out += h(
      sv
        ? "Sammanfattningarna av lagrum är skrivna med egna ord och är inte lagtext. Paragrafnummer som inte är verifierade mot den officiella texten är markerade. Vägledning är inte lagkrav. Innehållet i tabellerna kommer från kommunernas dokument."
        : "The summaries of provisions are in our own words, not the statute's text. Paragraph numbers not verified against the official text are marked. Guidance is not a legal requirement. The tables show what the municipalities' documents say.")
    out += "</p><p>" + h("\(ToolInfo.name) \(ToolInfo.version)") + "</p></footer>\n</body>\n</html>\n"
    return out
  }

  // MARK: - Header and summary

  private func header(_ matrix: ReviewMatrix, _ summary: ReviewSummary, into out: inout String) {
    out += "<header>\n<p class=\"eyebrow\">"
    out += h(
      sv
        ? "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete"
        : "Act (2023:196) on municipalities' responsibility for crime prevention") + "</p>\n"
    out += "<h1>" + h(sv ? "Granskning för län: skyldigheter per kommun" : "County review: obligations by municipality") + "</h1>\n"
    out += "<dl class=\"meta\">\n"
    func item(_ term: String, _ value: String) {
      out += "<div><dt>\(h(term))</dt><dd>\(h(value))</dd></div>\n"
    }
    item(sv ? "Granskat per" : "Checked as of", matrix.asOf.description)
    item(sv ? "Regeluppsättning" : "Rule set", matrix.report.rulesetVersion)
    item(sv ? "Dokument" : "Documents", String(summary.documents + summary.unreadable))
    item(sv ? "Verktyg" : "Tool", "\(ToolInfo.name) \(ToolInfo.version)")
    out += "</dl>\n<nav class=\"toc\" aria-label=\"\(h(sv ? "Innehåll" : "Contents"))\"><ul>"
    for (anchor, label) in [
      ("sammanfattning", sv ? "Sammanfattning" : "Summary"),
      ("matris", sv ? "Matris" : "Matrix"),
      ("skyldigheter", sv ? "Skyldigheterna" : "The obligations"),
      ("fynd", sv ? "Fynd per kommun" : "Findings by municipality"),
    ] {
      out += "<li><a href=\"#\(anchor)\">\(h(label))</a></li>"
    }
    out += "</ul></nav>\n</header>\n"
  }

  private func summarySection(_ matrix: ReviewMatrix, _ summary: ReviewSummary, into out: inout String) {
    out += "<section class=\"summary\" id=\"sammanfattning\">\n<h2>\(h(sv ? "Sammanfattning" : "Summary"))</h2>\n<ul class=\"tiles\">\n"
    func tile(_ kind: String, _ number: Int, _ label: String, of total: Int? = nil) {
      out += "<li class=\"tile \(kind)\"><span class=\"number\">\(number)"
      if let total { out += "<span class=\"of\"> / \(total)</span>" }
      out += "</span> <span class=\"label\">\(h(label))</span></li>\n"
    }
    let municipalities = summary.municipalities
    tile("files", summary.documents, sv ? "dokument" : (summary.documents == 1 ? "document" : "documents"))
    tile("files", municipalities, sv ? (municipalities == 1 ? "kommun" : "kommuner") : (municipalities == 1 ? "municipality" : "municipalities"))
    tile("passed", summary.passed, sv ? "klara att lämna in" : "ready to submit", of: summary.documents)
    tile("error", summary.failed, sv ? "inte klara" : "not ready", of: summary.documents)
    tile("warning", summary.outdated, sv ? "kommuner med något inaktuellt: plan, lägesbild, överenskommelse, uppföljning" : "municipalities with something outdated: plan, lägesbild, agreement, follow-up", of: municipalities)
    tile("warning", summary.followUpsOverdue, sv ? "kommuner med försenad uppföljning" : "municipalities with an overdue follow-up", of: municipalities)
    if summary.unreadable > 0 { tile("error", summary.unreadable, sv ? "kunde inte läsas" : "could not be read") }
    if summary.duplicates > 0 { tile("warning", summary.duplicates, sv ? "dubbletter (flera dokument för samma kommun)" : "dubblett: duplicates (several documents for one municipality)") }
    if summary.skipped > 0 { tile("suppressed", summary.skipped, sv ? "hoppades över (inte plandokument)" : "skipped (not plan documents)") }
    out += "</ul>\n"
    if let notice = matrix.report.configuration {
      out += "<p class=\"configuration\">\(h(Words.configuration(notice, language)))</p>\n"
    }

    out += "<h3>\(h(sv ? "Lagkrav: kommuner som uppfyller dem" : "Legal requirements: municipalities that meet them"))</h3>\n"
    out += "<p class=\"hint\">\(h(sv ? "En kommun uppfyller ett krav när dokumentet inte har något fel eller någon varning för det (information och undantag räknas inte). En kommun med flera dokument måste uppfylla kravet i alla." : "A municipality meets a requirement when its document has no error or warning for it (information and suppressed findings do not count). A municipality with several documents must meet it in all of them."))</p>\n"
    out += "<table class=\"duties\">\n<thead><tr>"
    for heading in sv ? ["Skyldighet", "Hänvisning", "Uppfyller", ""] : ["Obligation", "Reference", "Meeting it", ""] {
      out += "<th scope=\"col\">\(h(heading))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for (index, obligation) in matrix.obligations.enumerated() where obligation.basis == .lag {
      out += "<tr><td><a href=\"#\(h(ReviewHTMLReporter.anchor(obligation.id)))\">\(h(obligation.title.text(language)))</a>"
      out += " <code class=\"id\">\(h(obligation.id))</code></td>"
      out += "<td class=\"cite\">"
      if let reference = obligation.references.first.flatMap({ ruleSet.references[$0] }) {
        out += h(reference.citation(language))
      }
      out += "</td>"
      if let count = summary.meeting[index] {
        let share = municipalities == 0 ? 0 : Int((Double(count) / Double(municipalities) * 100).rounded())
        out += "<td class=\"num\">\(h(ReviewWords.meeting(count, municipalities, language)))</td>"
        out += "<td class=\"barcell\"><span class=\"bar\" role=\"presentation\"><span style=\"width: \(share)%\"></span></span> <span class=\"pct\">\(share) %</span></td>"
      } else {
        out += "<td class=\"num na\">\(h(ReviewWords.meeting(nil, municipalities, language)))</td><td></td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n</section>\n"
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
      out += "<li><span class=\"cell s-\(ReviewHTMLReporter.stateClass(state))\">\(ReviewWords.symbol(state))</span> \(h(word))</li>"
    }
    out += "<li><span class=\"badge dup\">\(ReviewWords.duplicate)</span> \(h(sv ? "flera dokument för samma kommun" : "several documents for the same municipality"))</li>"
    out += "</ul>\n"
  }

  static func stateClass(_ state: ObligationState) -> String {
    state == .notApplicable ? "na" : state.rawValue
  }

  private func matrixSection(_ matrix: ReviewMatrix, into out: inout String) {
    out += "<section class=\"matrix-section\" id=\"matris\">\n<h2>\(h(sv ? "Skyldigheter per kommun" : "Obligations by municipality"))</h2>\n"
    out += "<p class=\"hint\">\(h(sv ? "Varje ruta visar det allvarligaste fyndet för skyldigheten i dokumentet. Rubrikerna leder till förklaringen av skyldigheten, kommunnamnen till kommunens fynd." : "Each cell shows the most severe finding for the obligation in the document. The headings lead to the obligation's explanation, the municipality names to its findings."))</p>\n"
    legend(into: &out)
    let count = matrix.obligations.count
    out += "<div class=\"scroll\">\n<table class=\"matrix\">\n<thead>\n<tr>"
    out += "<th scope=\"col\" rowspan=\"2\" class=\"who\">\(h(sv ? "Kommun och fil" : "Municipality and file"))</th>"
    out += "<th scope=\"col\" rowspan=\"2\" class=\"county\">\(h(sv ? "Län" : "County"))</th>"
    out += "<th scope=\"col\" rowspan=\"2\" class=\"status\">\(h("Status"))</th>"
    for (basis, span) in groups(matrix.obligations) {
      out += "<th scope=\"colgroup\" colspan=\"\(span)\" class=\"group g-\(basis == .vagledning ? "vagledning" : basis.rawValue)\">\(h(ReviewWords.basisHeading(basis, language)))</th>"
    }
    out += "</tr>\n<tr>"
    for (index, obligation) in matrix.obligations.enumerated() {
      var classes = "obl g-\(obligation.basis == .vagledning ? "vagledning" : obligation.basis.rawValue)"
      if index > 0, matrix.obligations[index - 1].basis != obligation.basis { classes += " first" }
      out += "<th scope=\"col\" class=\"\(classes)\"><a href=\"#\(h(ReviewHTMLReporter.anchor(obligation.id)))\" title=\"\(h(obligation.title.text(language)))\"><span>\(h(obligation.id))</span></a></th>"
    }
    out += "</tr>\n</thead>\n<tbody>\n"
    let firsts = Set(matrix.obligations.indices.filter { $0 > 0 && matrix.obligations[$0 - 1].basis != matrix.obligations[$0].basis })
    for (rowIndex, row) in matrix.rows.enumerated() {
      let kommun = ReviewWords.kommun(row, language)
      out += "<tr class=\"row-\(row.status.rawValue)\(row.duplicate ? " duplicate" : "")\">"
      out += "<th scope=\"row\" class=\"who\"><a href=\"#\(ReviewHTMLReporter.documentAnchor(rowIndex))\">\(h(kommun))</a>"
      if let kod = row.kod { out += " <span class=\"code\">\(h(kod))</span>" }
      if row.duplicate { out += " <span class=\"badge dup\">\(ReviewWords.duplicate)</span>" }
      out += "<span class=\"file\">\(h(row.path))</span></th>"
      out += "<td class=\"county\">\(h(row.lan ?? "–"))</td>"
      out += "<td class=\"status\">\(badge(row.status))</td>"
      if row.status == .unreadable {
        out += "<td colspan=\"\(count)\" class=\"unreadable-cell\">\(h(row.readError?.message.text(language) ?? ""))</td>"
      } else {
        for (index, state) in row.cells.enumerated() {
          let word = ReviewWords.state(state, language)
          out += "<td class=\"cell s-\(ReviewHTMLReporter.stateClass(state))\(firsts.contains(index) ? " first" : "")\" title=\"\(h("\(matrix.obligations[index].id): \(word)"))\">\(ReviewWords.symbol(state))</td>"
        }
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n</div>\n"
    if !matrix.skipped.isEmpty {
      out += "<h3>\(h(sv ? "Hoppades över (inte plandokument)" : "Skipped (not plan documents)"))</h3>\n<ul class=\"skipped\">"
      for file in matrix.skipped { out += "<li><code>\(h(file.path))</code></li>" }
      out += "</ul>\n"
    }
    out += "</section>\n"
  }

  private func badge(_ status: FileResult.Status) -> String {
    let symbol: String
    switch status {
    case .passed: symbol = "✓"
    case .failed: symbol = "✗"
    case .unreadable: symbol = "⚠"
    case .skipped: symbol = "–"
    }
    return "<span class=\"badge \(status.rawValue)\">\(symbol) \(h(Words.capitalized(ReviewWords.status(status, language))))</span>"
  }

  // MARK: - The obligations explained

  private func obligationsSection(_ matrix: ReviewMatrix, into out: inout String) {
    out += "<section class=\"obligations\" id=\"skyldigheter\">\n<h2>\(h(sv ? "Skyldigheterna" : "The obligations"))</h2>\n"
    out += "<p class=\"hint\">\(h(sv ? "Endast 1–4 § SFS 2023:196 är verifierade ordagrant mot lagtexten. Skyldigheter med grund vägledning är rekommendationer, inte lagkrav." : "Only 1–4 § of SFS 2023:196 are verified word for word. Obligations based on guidance are recommendations, not legal requirements."))</p>\n"
    var rulesByObligation: [String: [Rule]] = [:]
    for rule in ruleSet.rules where rule.applies(on: matrix.asOf) { rulesByObligation[rule.obligation, default: []].append(rule) }
    for (index, obligation) in matrix.obligations.enumerated() {
      out += "<div class=\"obligation\" id=\"\(h(ReviewHTMLReporter.anchor(obligation.id)))\">\n"
      out += "<h3><span class=\"num\">\(index + 1)</span> <code class=\"id\">\(h(obligation.id))</code> \(h(obligation.title.text(language)))</h3>\n"
      out += "<p><span class=\"flag basis-\(obligation.basis == .vagledning ? "vagledning" : obligation.basis.rawValue)\">\(h(Words.capitalized(Words.basis(obligation.basis, language))))</span> "
      out += h(obligation.description.text(language)) + "</p>\n<ul class=\"refs\">\n"
      for id in obligation.references {
        guard let reference = ruleSet.references[id] else { continue }
        out += "<li>\(link(reference)) \(flag(reference, basis: obligation.basis)) <span class=\"summary-text\">\(h(reference.summary.text(language)))</span></li>\n"
      }
      out += "</ul>\n"
      let rules = rulesByObligation[obligation.id] ?? []
      out += "<p class=\"rules\">"
      if rules.isEmpty {
        out += h(sv ? "Ingen regel gäller per \(matrix.asOf): kolumnen visar –." : "No rule is in force on \(matrix.asOf): the column shows –.")
      } else {
        out += h(sv ? "Regler: " : "Rules: ")
        out += rules.map { "<span class=\"rule\" title=\"\(h($0.title.text(language)))\">\(h($0.id))</span>" }.joined(separator: ", ")
      }
      out += "</p>\n</div>\n"
    }
    out += "</section>\n"
  }

  /// The citation, linked when the reference has a web address.
  private func link(_ reference: Reference) -> String {
    let citation = h(reference.citation(language))
    guard let url = reference.url, url.hasPrefix("https://") || url.hasPrefix("http://") else { return citation }
    return "<a href=\"\(h(url))\" rel=\"noopener noreferrer\">\(citation)</a>"
  }

  private func flag(_ reference: Reference, basis: Basis?) -> String {
    if basis == .dokument {
      return "<span class=\"flag basis-dokument\">\(h(Words.basis(.dokument, language)))</span>"
    }
    if reference.kind == .guidance || basis == .vagledning {
      return "<span class=\"flag guidance\">\(h(Words.basis(.vagledning, language)))</span>"
    }
    return reference.verified
      ? "<span class=\"flag verified\">✓ \(h(Words.verified(true, language)))</span>"
      : "<span class=\"flag unverified\">? \(h(Words.verified(false, language)))</span>"
  }

  // MARK: - Findings by municipality

  private func findingsSection(_ matrix: ReviewMatrix, into out: inout String) {
    out += "<section class=\"documents\" id=\"fynd\">\n<h2>\(h(sv ? "Fynd per kommun" : "Findings by municipality"))</h2>\n"
    for (rowIndex, row) in matrix.rows.enumerated() {
      document(row, matrix.file(row), rowIndex, matrix, into: &out)
    }
    out += "</section>\n"
  }

  private func document(_ row: ReviewRow, _ file: FileResult, _ rowIndex: Int, _ matrix: ReviewMatrix, into out: inout String) {
    out += "<article class=\"doc row-\(row.status.rawValue)\" id=\"\(ReviewHTMLReporter.documentAnchor(rowIndex))\">\n"
    out += "<h3>\(h(ReviewWords.kommun(row, language)))"
    if let kod = row.kod { out += " <span class=\"code\">\(h(kod))</span>" }
    if let lan = row.lan { out += " <span class=\"county-name\">\(h(lan))</span>" }
    out += " \(badge(row.status))"
    if row.duplicate { out += " <span class=\"badge dup\">\(ReviewWords.duplicate)</span>" }
    out += "</h3>\n<p class=\"docmeta\"><code>\(h(row.path))</code>"
    if row.nameDiffers, let stated = row.stated?.namn {
      out += " · " + h(sv ? "dokumentet anger namnet ”\(stated)”" : "the document gives the name “\(stated)”")
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
        out += "<span class=\"loc\">\(h(sv ? "Rad \(location.line), kolumn \(location.column)" : "Line \(location.line), column \(location.column)"))</span> "
      }
      out += h(error.message.text(language)) + "</p>\n</article>\n"
      return
    }
    out += "<p class=\"verdict\">\(h(Words.verdict(file, language)))"
    if file.suppressedCount > 0 { out += " · " + h(Words.suppressedCount(file.suppressedCount, language)) }
    out += "</p>\n"
    guard !file.findings.isEmpty else {
      out += "</article>\n"
      return
    }
    out += "<table class=\"findings\">\n<thead><tr>"
    for heading in sv ? ["Allvarlighet", "Plats", "Fynd", "Skyldighet och hänvisning"] : ["Severity", "Location", "Finding", "Obligation and reference"] {
      out += "<th scope=\"col\">\(h(heading))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for finding in file.findings.sorted(by: Finding.documentOrder) { self.finding(finding, into: &out) }
    out += "</tbody>\n</table>\n</article>\n"
  }

  private func finding(_ finding: Finding, into out: inout String) {
    let severity = finding.severity.rawValue
    let symbol = ReviewWords.symbol(ObligationState(rawValue: severity) ?? .info)
    out += "<tr class=\"sev-\(severity)\(finding.suppression == nil ? "" : " suppressed")\">"
    out += "<td class=\"severity\"><span class=\"sev \(severity)\">\(symbol) "
    out += h(Words.capitalized(Words.severity(finding.severity, language))) + "</span>"
    if finding.suppression != nil {
      out += "<br/><span class=\"sev suppressed\">s \(h(Words.capitalized(Words.suppressed(language))))</span>"
    }
    out += "</td><td class=\"loc\">"
    out += "<span class=\"line\">\(h(sv ? "rad" : "line")) \(finding.location.line):\(finding.location.column)</span><br/>"
    out += "<code>\(h(Words.path(finding.location.path)))</code></td>"
    out += "<td class=\"message\"><p>\(h(finding.message.text(language)))</p>"
    if let date = finding.outdatedSince {
      out += "<p class=\"note outdated\">\(h(Words.capitalized(Words.outdatedSince(date, language))))</p>"
    }
    if let suppression = finding.suppression {
      out += "<p class=\"note suppression\">\(h(Words.suppression(suppression, language)))</p>"
    }
    out += "</td><td class=\"source\"><p><span class=\"rule\">\(h(finding.ruleId))</span> "
    out += "<a href=\"#\(h(ReviewHTMLReporter.anchor(finding.obligation)))\">\(h(Words.obligation(finding.obligation, ruleSet, language)))</a></p><p>"
    out += link(finding.reference) + " " + flag(finding.reference, basis: finding.basis) + "</p></td></tr>\n"
  }

  // MARK: - Style

  /// The page's styles. No `url(` and no `@import`: the page loads nothing.
  static let style = """

    :root {
      --ink: #1d2330; --muted: #5b6473; --line: #d9dde4; --paper: #ffffff; --wash: #f5f6f8;
      --error: #b42318; --error-bg: #fdecea; --warning: #8a5300; --warning-bg: #fff4dc;
      --info: #1d5fa8; --info-bg: #e8f1fb; --ok: #1b6e3a; --ok-bg: #e6f4ea; --muted-bg: #eef0f3;
      --sup: #4a505b; --sup-bg: #e4e1ee; --accent: #005b99; --navy: #15304f;
    }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body {
      margin: 0; background: var(--wash); color: var(--ink);
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
    }
    a { color: var(--accent); }
    code, .code, .file, .rule, .id { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
    header { background: var(--navy); color: #fff; padding: 26px 40px 18px; }
    header .eyebrow { margin: 0 0 4px; font-size: 13px; color: #c5d3e6; }
    header h1 { margin: 0 0 14px; font-size: 26px; font-weight: 650; }
    .meta { display: flex; flex-wrap: wrap; gap: 6px 32px; margin: 0 0 12px; font-size: 13px; }
    .meta div { display: flex; gap: 6px; }
    .meta dt { color: #c5d3e6; }
    .meta dd { margin: 0; font-weight: 600; }
    .toc ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 0; padding: 0; font-size: 13.5px; }
    .toc a { color: #fff; }
    main { margin: 0 auto; padding: 22px 40px 8px; max-width: 1760px; }
    section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 18px 24px; margin: 0 0 20px; }
    h2 { margin: 0 0 10px; font-size: 19px; }
    h3 { margin: 18px 0 6px; font-size: 15.5px; }
    .hint { color: var(--muted); font-size: 13.5px; margin: 0 0 10px; max-width: 75em; }
    .tiles { list-style: none; display: flex; flex-wrap: wrap; gap: 12px; margin: 0; padding: 0; }
    .tile { flex: 1 1 150px; border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; padding: 8px 14px; }
    .tile .number { display: block; font-size: 25px; font-weight: 700; line-height: 1.15; font-variant-numeric: tabular-nums; }
    .tile .of { font-size: 15px; font-weight: 500; color: var(--muted); }
    .tile .label { color: var(--muted); font-size: 13px; line-height: 1.3; display: block; }
    .tile.files { border-left-color: var(--navy); }
    .tile.passed { border-left-color: var(--ok); }
    .tile.error { border-left-color: var(--error); }
    .tile.warning { border-left-color: #d08a00; }
    .tile.suppressed { border-left-color: #8a8f99; }
    table { border-collapse: collapse; font-size: 14px; }
    th { text-align: left; color: var(--muted); font-weight: 650; }
    .duties { width: 100%; max-width: 1100px; }
    .duties th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; border-bottom: 2px solid var(--line); padding: 5px 10px; }
    .duties td { border-bottom: 1px solid var(--line); padding: 6px 10px; vertical-align: middle; }
    .duties .id { color: var(--muted); font-size: 12px; }
    .duties .cite { font-size: 13px; color: var(--muted); }
    .duties td.num { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
    .duties td.na { font-weight: 400; color: var(--muted); }
    .barcell { width: 30%; white-space: nowrap; }
    .bar { display: inline-block; vertical-align: middle; width: 75%; height: 10px; background: var(--error-bg); border: 1px solid #e8b4ae; border-radius: 3px; overflow: hidden; }
    .bar span { display: block; height: 100%; background: var(--ok); }
    .pct { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
    .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 12px; padding: 0; font-size: 13px; align-items: center; }
    .legend .cell { display: inline-block; width: 22px; text-align: center; border-radius: 3px; border: 1px solid var(--line); }
    .scroll { overflow-x: auto; }
    .matrix { font-size: 13px; }
    .matrix thead th { background: var(--paper); }
    .matrix th.group { text-align: center; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; padding: 4px 2px; border-bottom: 1px solid var(--line); color: var(--ink); }
    .matrix th.g-lag { background: #e9eef6; }
    .matrix th.g-vagledning { background: #f4f1e8; }
    .matrix th.g-dokument { background: #eef0f3; }
    .matrix thead th.who, .matrix thead th.county, .matrix thead th.status { vertical-align: bottom; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; padding: 4px 8px; border-bottom: 2px solid var(--line); }
    .matrix th.obl { vertical-align: bottom; height: 15.5em; padding: 4px 0; width: 1.9em; border-bottom: 2px solid var(--line); text-transform: none; font-size: 12px; font-weight: 500; }
    .matrix th.obl a { display: block; writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; margin: 0 auto; color: var(--ink); text-decoration: none; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
    .matrix th.obl a:hover { color: var(--accent); text-decoration: underline; }
    .matrix .first { border-left: 2px solid #aab2bf; }
    .matrix tbody th, .matrix tbody td { border-bottom: 1px solid var(--line); }
    .matrix tbody th.who { font-weight: 600; color: var(--ink); padding: 4px 10px 4px 4px; white-space: nowrap; }
    .matrix tbody th.who a { color: var(--ink); }
    .matrix .code { color: var(--muted); font-weight: 400; font-size: 12px; }
    .matrix .file { display: block; font-weight: 400; font-size: 11px; color: var(--muted); white-space: normal; overflow-wrap: anywhere; max-width: 22em; }
    .matrix td.county { font-size: 12.5px; color: var(--muted); padding: 4px 8px; white-space: nowrap; }
    .matrix td.status { padding: 4px 8px; white-space: nowrap; }
    .matrix td.cell { text-align: center; padding: 0; width: 1.9em; min-width: 1.9em; font-weight: 700; border-left: 1px solid #fff; }
    .matrix tbody tr:hover th, .matrix tbody tr:hover td.county, .matrix tbody tr:hover td.status { background: #f0f4fa; }
    .matrix tr.duplicate th.who { box-shadow: inset 4px 0 0 #d08a00; }
    .unreadable-cell { color: var(--error); background: var(--error-bg); font-size: 12.5px; padding: 4px 8px; }
    .s-ok { color: var(--ok); background: #eef7f1; }
    .s-error { color: #fff; background: #c8322a; }
    .s-warning { color: #5e3a00; background: #ffd98a; }
    .s-info { color: var(--info); background: var(--info-bg); }
    .s-suppressed { color: var(--sup); background: var(--sup-bg); }
    .s-na { color: #8a8f99; background: #f3f4f6; font-weight: 400; }
    .badge, .flag, .sev { display: inline-block; border-radius: 4px; padding: 0 7px; font-size: 12px; font-weight: 650; white-space: nowrap; line-height: 1.6; }
    .badge.passed { color: var(--ok); background: var(--ok-bg); }
    .badge.failed, .badge.unreadable { color: var(--error); background: var(--error-bg); }
    .badge.skipped { color: var(--muted); background: var(--muted-bg); }
    .badge.dup { color: #5e3a00; background: #ffe7b3; border: 1px solid #e0b35a; font-weight: 600; }
    .flag { font-weight: 500; font-size: 11.5px; }
    .flag.verified { color: var(--ok); background: var(--ok-bg); }
    .flag.unverified { color: var(--warning); background: var(--warning-bg); }
    .flag.guidance, .flag.basis-vagledning { color: #4a505b; background: var(--muted-bg); }
    .flag.basis-lag { color: #15304f; background: #dfe7f3; }
    .flag.basis-dokument { color: #4a505b; background: var(--muted-bg); }
    .obligations { columns: 2 520px; column-gap: 36px; }
    .obligations h2, .obligations > .hint { column-span: all; }
    .obligation { break-inside: avoid; padding: 10px 0 12px; border-bottom: 1px solid var(--line); }
    .obligation h3 { margin: 0 0 4px; font-size: 15px; }
    .obligation h3 .num { display: inline-block; min-width: 1.8em; color: var(--muted); font-weight: 500; }
    .obligation h3 .id { font-size: 13px; color: var(--navy); background: var(--muted-bg); padding: 0 5px; border-radius: 3px; }
    .obligation p { margin: 0 0 4px; font-size: 14px; }
    .obligation:target { background: #fff8e1; }
    .refs { margin: 2px 0 4px; padding-left: 18px; font-size: 13px; }
    .refs li { margin-bottom: 2px; }
    .summary-text { color: var(--muted); }
    .rules { color: var(--muted); font-size: 12.5px; }
    .rule { font-size: 12px; font-weight: 600; }
    .doc { padding: 12px 0 10px; border-top: 1px solid var(--line); }
    .doc h3 { margin: 0 0 2px; font-size: 16.5px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
    .doc h3 .code { color: var(--muted); font-weight: 500; font-size: 14px; }
    .doc h3 .county-name { color: var(--muted); font-weight: 500; font-size: 14px; }
    .doc:target { background: #fff8e1; }
    .docmeta { margin: 0 0 4px; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
    .verdict { margin: 0 0 8px; font-weight: 600; }
    .row-passed .verdict { color: var(--ok); }
    .row-failed .verdict { color: var(--error); }
    .findings { width: 100%; }
    .findings th { font-size: 11.5px; text-transform: uppercase; letter-spacing: .04em; border-bottom: 2px solid var(--line); padding: 4px 8px; }
    .findings td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; font-size: 13.5px; }
    .findings td p { margin: 0 0 3px; }
    .findings td.severity { width: 8.5em; white-space: nowrap; }
    .findings td.loc { width: 15em; color: var(--muted); font-size: 12.5px; }
    .findings td.loc code { color: var(--ink); font-size: 12px; overflow-wrap: anywhere; word-break: break-all; }
    .findings td.message { overflow-wrap: anywhere; }
    .findings td.source { width: 21em; font-size: 12.5px; }
    .findings tr.sev-error td:first-child { box-shadow: inset 4px 0 0 var(--error); }
    .findings tr.sev-warning td:first-child { box-shadow: inset 4px 0 0 #d08a00; }
    .findings tr.sev-info td:first-child { box-shadow: inset 4px 0 0 var(--info); }
    .findings tr.suppressed td { background: #f7f7f8; color: var(--muted); }
    .findings tr.suppressed .sev.error, .findings tr.suppressed .sev.warning, .findings tr.suppressed .sev.info { text-decoration: line-through; }
    .sev.error { color: var(--error); background: var(--error-bg); }
    .sev.warning { color: var(--warning); background: var(--warning-bg); }
    .sev.info { color: var(--info); background: var(--info-bg); }
    .sev.suppressed { color: var(--sup); background: var(--sup-bg); margin-top: 3px; }
    .note { font-size: 13px; }
    .note.outdated { color: var(--warning); font-weight: 600; }
    .note.suppression { font-style: italic; }
    .note.dupnote { color: #5e3a00; margin: 0 0 6px; }
    .read-error { margin: 4px 0 0; padding: 8px 12px; border-radius: 6px; background: var(--error-bg); color: var(--error); overflow-wrap: anywhere; }
    .read-error .loc { font-weight: 650; }
    .skipped { font-size: 13px; }
    footer { margin: 0 auto; padding: 0 40px 32px; color: var(--muted); font-size: 12.5px; max-width: 1760px; }
    footer p { margin: 0 0 4px; }
    @page { size: A4 landscape; margin: 10mm 9mm 12mm; }
    @media print {
      body { background: #fff; font-size: 9pt; }
      header { background: #fff; color: var(--ink); padding: 0 0 6pt; border-bottom: 2pt solid var(--navy); }
      header .eyebrow, .meta dt { color: var(--muted); }
      header h1 { font-size: 16pt; margin-bottom: 4pt; }
      .meta { font-size: 8.5pt; margin: 0; }
      .toc { display: none; }
      main, footer { max-width: none; padding: 0; }
      main { padding-top: 8pt; }
      section { border: 0; border-radius: 0; padding: 0; margin: 0 0 12pt; }
      .matrix-section, .obligations, .documents { break-before: page; page-break-before: always; }
      h2 { font-size: 13pt; break-after: avoid; page-break-after: avoid; }
      h3 { break-after: avoid; page-break-after: avoid; }
      .hint { font-size: 8pt; }
      .tile { padding: 4pt 8pt; }
      .tile .number { font-size: 14pt; }
      .tile .label { font-size: 7.5pt; }
      .tiles { gap: 6pt; }
      .tile { flex: 1 1 80pt; }
      .duties td, .duties th { padding: 1.5pt 6pt; font-size: 8pt; }
      .duties .cite, .duties .id, .pct { font-size: 7.5pt; }
      .bar { height: 7pt; }
      .scroll { overflow: visible; }
      .matrix { font-size: 7pt; }
      .matrix th.obl { height: 11em; width: 1.5em; font-size: 6.5pt; }
      .matrix thead th.who, .matrix thead th.county, .matrix thead th.status, .matrix th.group { font-size: 6.5pt; }
      .matrix td.cell { width: 1.5em; min-width: 1.5em; }
      .matrix .file { font-size: 6pt; max-width: 30em; }
      .matrix .code { font-size: 6.5pt; }
      .legend { font-size: 7.5pt; margin-bottom: 6pt; }
      .legend .cell { width: 14pt; }
      .matrix td.county { font-size: 6.5pt; }
      .matrix tbody th.who { padding: 1pt 4pt 1pt 2pt; }
      .badge { font-size: 6.5pt; padding: 0 3pt; }
      thead { display: table-header-group; }
      tr, .obligation { break-inside: avoid; page-break-inside: avoid; }
      .obligations { columns: 2; }
      .obligation p, .refs { font-size: 8pt; }
      .findings td, .findings th { font-size: 7.5pt; padding: 2pt 4pt; }
      .findings td.loc code { font-size: 7pt; }
      a { color: var(--ink); text-decoration: none; }
      footer { margin-top: 8pt; font-size: 7.5pt; }
    }

    """
}
