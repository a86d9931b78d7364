import PlanDocument
import RuleEngine

/// One self-contained HTML page for county reviewers: an overview of every file, then per file its
/// verdict and a table of findings, and the references cited with whether each is verified. Styles are
/// inline, there are no scripts, nothing is loaded from elsewhere (a Content-Security-Policy says so
/// too), and the page prints on A4. Every text from a document is escaped; the markup is also
/// well-formed XML, so it can be checked with an XML parser.
public struct HTMLReporter: Reporter {
  public var language: Language
  public var ruleSet: RuleSet

  public init(language: Language, ruleSet: RuleSet) {
    self.language = language
    self.ruleSet = ruleSet
  }

  private var sv: Bool { language == .sv }

  private func h(_ text: String) -> String { Escape.xml(text) }

  static func symbol(_ severity: Severity) -> String {
    switch severity {
    case .error: "✖"
    case .warning: "▲"
    case .info: "ℹ"
    }
  }

  static func symbol(_ status: FileResult.Status) -> String {
    switch status {
    case .passed: "✔"
    case .failed: "✖"
    case .unreadable: "⚠"
    case .skipped: "–"
    }
  }

  public func render(_ report: CheckReport) -> String {
    let title =
      (sv ? "Granskning enligt SFS 2023:196, " : "Review under SFS 2023:196, ") + Words.asOf(report.asOf, language)
    var out = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="\(language.rawValue)">
      <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'" />
      <meta name="referrer" content="no-referrer" />
      <meta name="generator" content="\(h("\(ToolInfo.name) \(ToolInfo.version)"))" />
      <title>\(h(title))</title>
      <style>\(HTMLReporter.style)</style>
      </head>
      <body>

      """
    out += header(report)
    out += "<main>\n"
    out += summary(report)
    for (index, file) in report.files.enumerated() { out += section(file, number: index + 1) }
    out += references(report)
    out += "</main>\n"
    out += "<footer><p>"
    out += h(
      sv
        ? "Sammanfattningarna av lagrum är skrivna med egna ord och är inte lagtext. Paragrafnummer som inte är verifierade mot den officiella texten är markerade. Vägledning är inte lagkrav."
        : "The summaries of provisions are in our own words, not the statute's text. Paragraph numbers not verified against the official text are marked. Guidance is not a legal requirement."
    )
    out += "</p><p>" + h("\(ToolInfo.name) \(ToolInfo.version)") + "</p></footer>\n"
    out += "</body>\n</html>\n"
    return out
  }

  private func header(_ report: CheckReport) -> String {
    var out = "<header>\n"
    out +=
      "<p class=\"eyebrow\">"
      + h(
        sv
          ? "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete"
          : "Act (2023:196) on municipalities' responsibility for crime prevention") + "</p>\n"
    out += "<h1>" + h(sv ? "Granskning av brottsförebyggande planer" : "Review of crime-prevention plans") + "</h1>\n"
    out += "<dl class=\"meta\">\n"
    func item(_ term: String, _ value: String) {
      out += "<div><dt>\(h(term))</dt><dd>\(h(value))</dd></div>\n"
    }
    item(sv ? "Granskat per" : "Checked as of", report.asOf.description)
    item(sv ? "Regeluppsättning" : "Rule set", report.rulesetVersion)
    item(
      sv ? "Underkänt vid" : "Fails at",
      report.failOn.map { Words.capitalized(Words.severity($0, language)) } ?? (sv ? "aldrig" : "never"))
    item(sv ? "Verktyg" : "Tool", "\(ToolInfo.name) \(ToolInfo.version)")
    out += "</dl>\n</header>\n"
    return out
  }

  private func summary(_ report: CheckReport) -> String {
    let counts = FindingCounts(report)
    let passed = report.files.filter { $0.status == .passed }.count
    var out =
      "<section class=\"summary\" aria-label=\"\(h(sv ? "Sammanfattning" : "Summary"))\">\n<ul class=\"tiles\">\n"
    func tile(_ kind: String, _ number: Int, _ label: String) {
      out +=
        "<li class=\"tile \(kind)\"><span class=\"number\">\(number)</span> <span class=\"label\">\(h(label))</span></li>\n"
    }
    let files = report.files.count
    tile("files", files, sv ? (files == 1 ? "fil" : "filer") : (files == 1 ? "file" : "files"))
    tile("passed", passed, sv ? "klara att lämna in" : "ready to submit")
    tile("error", counts.errors, sv ? "fel" : (counts.errors == 1 ? "error" : "errors"))
    tile(
      "warning", counts.warnings,
      sv ? (counts.warnings == 1 ? "varning" : "varningar") : (counts.warnings == 1 ? "warning" : "warnings"))
    tile("info", counts.infos, "info")
    if counts.suppressed > 0 {
      tile("suppressed", counts.suppressed, sv ? (counts.suppressed == 1 ? "undantaget" : "undantagna") : "suppressed")
    }
    out += "</ul>\n"
    if let notice = report.configuration {
      out += "<p class=\"configuration\">\(h(Words.configuration(notice, language)))</p>\n"
    }

    guard files > 1 else { return out + "</section>\n" }
    out += "<table class=\"overview\">\n<thead><tr>"
    for heading in sv
      ? ["Fil", "Kommun", "Resultat", "Fel", "Varningar", "Info"]
      : ["File", "Municipality", "Result", "Errors", "Warnings", "Info"]
    {
      out += "<th scope=\"col\">\(h(heading))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for (index, file) in report.files.enumerated() {
      let counts = FindingCounts(file.findings)
      out += "<tr class=\"status-\(file.status.rawValue)\">"
      out += "<td class=\"path\"><a href=\"#fil-\(index + 1)\">\(HTMLReporter.breakable(h(file.path)))</a></td>"
      out += "<td>\(h(Words.kommun(file.kommun) ?? "–"))</td>"
      out += "<td>\(badge(file))</td>"
      for number in [counts.errors, counts.warnings, counts.infos] {
        out += "<td class=\"num\(number == 0 ? " zero" : "")\">\(number)</td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n</section>\n"
    return out
  }

  private func badge(_ file: FileResult) -> String {
    let word: String
    switch file.status {
    case .passed: word = sv ? "Klar" : "Ready"
    case .failed: word = sv ? "Inte klar" : "Not ready"
    case .unreadable: word = sv ? "Kunde inte läsas" : "Unreadable"
    case .skipped: word = sv ? "Hoppades över" : "Skipped"
    }
    return "<span class=\"badge \(file.status.rawValue)\">\(HTMLReporter.symbol(file.status)) \(h(word))</span>"
  }

  private func section(_ file: FileResult, number: Int) -> String {
    var out = "<section class=\"file status-\(file.status.rawValue)\" id=\"fil-\(number)\">\n"
    out += "<h2>\(badge(file)) <span class=\"path\">\(h(file.path))</span>"
    if let kommun = Words.kommun(file.kommun) { out += " <span class=\"kommun\">\(h(kommun))</span>" }
    out += "</h2>\n"
    var verdict = Words.verdict(file, language)
    if file.suppressedCount > 0 { verdict += " · " + Words.suppressedCount(file.suppressedCount, language) }
    out += "<p class=\"verdict\">\(h(verdict))</p>\n"

    if let error = file.readError {
      out += "<p class=\"read-error\">"
      if let location = error.location {
        out +=
          "<span class=\"loc\">\(h(sv ? "Rad \(location.line), kolumn \(location.column)" : "Line \(location.line), column \(location.column)"))</span> "
      }
      out += h(error.message.text(language)) + "</p>\n</section>\n"
      return out
    }
    guard !file.findings.isEmpty else { return out + "</section>\n" }

    out += "<table class=\"findings\">\n<thead><tr>"
    for heading in sv
      ? ["Allvarlighet", "Plats", "Fynd", "Skyldighet och hänvisning"]
      : ["Severity", "Location", "Finding", "Obligation and reference"]
    {
      out += "<th scope=\"col\">\(h(heading))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for finding in file.findings.sorted(by: Finding.documentOrder) { out += row(finding) }
    out += "</tbody>\n</table>\n</section>\n"
    return out
  }

  private func row(_ finding: Finding) -> String {
    let severity = finding.severity.rawValue
    var out = "<tr class=\"sev-\(severity)\(finding.suppression == nil ? "" : " suppressed")\">"
    out += "<td class=\"severity\"><span class=\"sev \(severity)\">\(HTMLReporter.symbol(finding.severity)) "
    out += h(Words.capitalized(Words.severity(finding.severity, language))) + "</span>"
    if finding.suppression != nil {
      out += "<br/><span class=\"sev suppressed\">⊘ \(h(Words.capitalized(Words.suppressed(language))))</span>"
    }
    out += "</td>"
    out += "<td class=\"loc\">"
    out +=
      "<span class=\"line\">\(h(sv ? "rad" : "line")) \(finding.location.line):\(finding.location.column)</span><br/>"
    out += "<code>\(HTMLReporter.breakable(h(Words.path(finding.location.path))))</code></td>"

    out += "<td class=\"message\"><p>\(h(finding.message.text(language)))</p>"
    if let date = finding.outdatedSince {
      out += "<p class=\"note outdated\">\(h(Words.capitalized(Words.outdatedSince(date, language))))</p>"
    }
    if let suppression = finding.suppression {
      out += "<p class=\"note suppression\">\(h(Words.suppression(suppression, language)))</p>"
    }
    out += "</td>"

    out += "<td class=\"source\"><p><span class=\"rule\">\(h(finding.ruleId))</span> "
    out += h(Words.obligation(finding.obligation, ruleSet, language)) + "</p><p>"
    out += link(finding.reference)
    out += " " + flag(finding.reference, basis: finding.basis) + "</p></td>"
    out += "</tr>\n"
    return out
  }

  /// An escaped path that may wrap after each `/` but a leading one.
  static func breakable(_ escapedPath: String) -> String {
    var out = ""
    for (index, character) in escapedPath.enumerated() {
      out.append(character)
      if character == "/", index > 0 { out += "<wbr/>" }
    }
    return out
  }

  /// The citation, linked when the reference has a web address.
  private func link(_ reference: Reference) -> String {
    // The flag next to the citation says whether it is verified; the citation need not say it too.
    var plain = reference
    plain.verified = true
    let citation = h(plain.citation(language))
    guard let url = reference.url, url.hasPrefix("https://") || url.hasPrefix("http://") else { return citation }
    return "<a href=\"\(h(url))\" rel=\"noopener noreferrer\">\(citation)</a>"
  }

  private func flag(_ reference: Reference, basis: Basis?) -> String {
    // The document's own integrity cites the format or SCB's list: neither law nor guidance.
    if basis == .dokument {
      return "<span class=\"flag guidance\">\(h(Words.basis(.dokument, language)))</span>"
    }
    if reference.kind == .guidance || basis == .vagledning {
      return "<span class=\"flag guidance\">\(h(Words.basis(.vagledning, language)))</span>"
    }
    return reference.verified
      ? "<span class=\"flag verified\">✔ \(h(Words.verified(true, language)))</span>"
      : "<span class=\"flag unverified\">? \(h(Words.verified(false, language)))</span>"
  }

  /// Every reference the findings cite: statutes in paragraph order, then guidance.
  private func references(_ report: CheckReport) -> String {
    var seen: Set<String> = []
    let cited = report.files.flatMap(\.findings).map(\.reference).filter { seen.insert($0.id).inserted }
    guard !cited.isEmpty else { return "" }
    let sorted = cited.sorted {
      (
        $0.kind == .statute ? 0 : 1, Int($0.paragraf ?? "") ?? Int.max, $0.paragraf ?? "", Int($0.punkt ?? "") ?? 0,
        $0.id
      )
        < (
          $1.kind == .statute ? 0 : 1, Int($1.paragraf ?? "") ?? Int.max, $1.paragraf ?? "", Int($1.punkt ?? "") ?? 0,
          $1.id
        )
    }
    var out = "<section class=\"references\">\n<h2>\(h(sv ? "Hänvisningar" : "References"))</h2>\n<dl>\n"
    for reference in sorted {
      out += "<div class=\"reference\"><dt>\(link(reference)) \(flag(reference, basis: nil))</dt>"
      out += "<dd><p>\(h(reference.summary.text(language)))</p>"
      if let url = reference.url { out += "<p class=\"url\">\(h(url))</p>" }
      out += "</dd></div>\n"
    }
    out += "</dl>\n</section>\n"
    return out
  }

  /// The page's styles. No `url(` and no `@import`: the page loads nothing.
  static let style = """

    :root {
      --ink: #1d2330; --muted: #5b6473; --line: #d9dde4; --paper: #ffffff; --wash: #f5f6f8;
      --error: #b42318; --error-bg: #fdecea; --warning: #8a5300; --warning-bg: #fff4dc;
      --info: #1d5fa8; --info-bg: #e8f1fb; --ok: #1b6e3a; --ok-bg: #e6f4ea; --muted-bg: #eef0f3;
      --accent: #005b99;
    }
    * { box-sizing: border-box; }
    html { font-size: 15px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body {
      margin: 0; background: var(--wash); color: var(--ink);
      font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
    }
    header { background: #15304f; color: #fff; padding: 1.867rem 2.667rem 1.467rem; }
    header .eyebrow { margin: 0 0 4px; font-size: 0.867rem; letter-spacing: .02em; color: #c5d3e6; }
    header h1 { margin: 0 0 1.067rem; font-size: 1.733rem; font-weight: 650; }
    .meta { display: flex; flex-wrap: wrap; gap: 0.533rem 2.133rem; margin: 0; font-size: 0.867rem; }
    .meta div { display: flex; gap: 0.4rem; }
    .meta dt { color: #c5d3e6; }
    .meta dd { margin: 0; font-weight: 600; }
    main { max-width: 78.667rem; margin: 0 auto; padding: 1.6rem 2.667rem 0.533rem; }
    section { background: var(--paper); border: 1px solid var(--line); border-radius: 0.533rem; padding: 1.333rem 1.6rem; margin: 0 0 1.333rem; }
    h2 { margin: 0 0 0.4rem; font-size: 1.2rem; line-height: 1.4; display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.8rem; }
    h2 .path { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 1.067rem; overflow-wrap: anywhere; }
    h2 .kommun { color: var(--muted); font-weight: 500; font-size: 1rem; }
    .verdict { margin: 0 0 0.933rem; font-weight: 600; }
    .status-passed .verdict { color: var(--ok); }
    .status-failed .verdict, .status-unreadable .verdict { color: var(--error); }
    .status-skipped .verdict { color: var(--muted); }
    .tiles { list-style: none; display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 0; padding: 0; }
    .tile { flex: 1 1 8rem; border: 1px solid var(--line); border-left-width: 5px; border-radius: 0.4rem; padding: 0.667rem 0.933rem; background: var(--paper); }
    .tile .number { display: block; font-size: 1.733rem; font-weight: 700; line-height: 1.1; }
    .tile .label { color: var(--muted); font-size: 0.867rem; }
    .tile.files { border-left-color: #15304f; }
    .tile.passed { border-left-color: var(--ok); }
    .tile.error { border-left-color: var(--error); }
    .tile.warning { border-left-color: #d08a00; }
    .tile.info { border-left-color: var(--info); }
    .tile.suppressed { border-left-color: #8a8f99; }
    table { width: 100%; border-collapse: collapse; font-size: 0.933rem; }
    .overview { margin-top: 1.2rem; }
    th { text-align: left; font-size: 0.8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 2px solid var(--line); padding: 0.4rem 0.667rem; }
    td { border-bottom: 1px solid var(--line); padding: 0.6rem 0.667rem; vertical-align: top; }
    td p { margin: 0 0 4px; }
    td p:last-child { margin-bottom: 0; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    td.path { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.867rem; overflow-wrap: break-word; }
    .findings td.severity { width: 8.5em; white-space: nowrap; }
    .findings td.loc { width: 14em; color: var(--muted); font-size: 0.867rem; }
    .findings td.loc code { color: var(--ink); font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.8rem; overflow-wrap: anywhere; }
    .findings td.message { overflow-wrap: anywhere; }
    .findings td.source { width: 17em; font-size: 0.867rem; }
    .findings tr.sev-error td:first-child { box-shadow: inset 4px 0 0 var(--error); }
    .findings tr.sev-warning td:first-child { box-shadow: inset 4px 0 0 #d08a00; }
    .findings tr.sev-info td:first-child { box-shadow: inset 4px 0 0 var(--info); }
    .findings tr.suppressed td { background: #f7f7f8; color: var(--muted); }
    .findings tr.suppressed td:first-child { box-shadow: inset 4px 0 0 #a3a8b0; }
    .findings tr.suppressed .sev.error, .findings tr.suppressed .sev.warning, .findings tr.suppressed .sev.info { text-decoration: line-through; }
    .sev, .badge, .flag { display: inline-block; border-radius: 4px; padding: 1px 0.467rem; font-size: 0.833rem; font-weight: 650; white-space: nowrap; }
    .sev.error { color: var(--error); background: var(--error-bg); }
    .sev.warning { color: var(--warning); background: var(--warning-bg); }
    .sev.info { color: var(--info); background: var(--info-bg); }
    .sev.suppressed { color: #4a505b; background: var(--muted-bg); margin-top: 4px; }
    .badge { font-size: 0.867rem; padding: 2px 0.6rem; }
    .badge.passed { color: var(--ok); background: var(--ok-bg); }
    .badge.failed, .badge.unreadable { color: var(--error); background: var(--error-bg); }
    .badge.skipped { color: var(--muted); background: var(--muted-bg); }
    .flag { font-weight: 500; font-size: 0.767rem; margin-top: 2px; }
    .flag.verified { color: var(--ok); background: var(--ok-bg); }
    .flag.unverified { color: var(--warning); background: var(--warning-bg); }
    .flag.guidance { color: #4a505b; background: var(--muted-bg); }
    .rule { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.8rem; font-weight: 600; }
    .note { font-size: 0.867rem; }
    .note.outdated { color: var(--warning); font-weight: 600; }
    .note.suppression { font-style: italic; }
    .read-error { margin: 0; padding: 0.667rem 0.933rem; border-radius: 0.4rem; background: var(--error-bg); color: var(--error); overflow-wrap: anywhere; }
    .read-error .loc { font-weight: 650; }
    .status-skipped .read-error { background: var(--muted-bg); color: var(--muted); }
    td.num.zero { color: #a3a8b0; }
    a { color: var(--accent); }
    .references dl { margin: 0.533rem 0 0; }
    .reference { padding: 0.667rem 0; border-bottom: 1px solid var(--line); }
    .reference:last-child { border-bottom: 0; }
    .reference dt { font-weight: 650; }
    .reference dd { margin: 4px 0 0; font-size: 0.933rem; }
    .reference dd p { margin: 0 0 2px; }
    .reference .url { color: var(--muted); font-size: 0.8rem; overflow-wrap: anywhere; }
    footer { max-width: 78.667rem; margin: 0 auto; padding: 0 2.667rem 2.133rem; color: var(--muted); font-size: 0.833rem; }
    footer p { margin: 0 0 4px; }
    @page { size: A4; margin: 14mm 12mm 16mm; }
    @media print {
      html { font-size: 8.5pt; }
      body { background: #fff; }
      header { background: #fff; color: var(--ink); padding: 0 0 0.8rem; border-bottom: 2pt solid #15304f; }
      header .eyebrow, .meta dt { color: var(--muted); }
      main, footer { max-width: none; padding-left: 0; padding-right: 0; }
      main { padding-top: 1rem; }
      section { border: 0; border-radius: 0; padding: 0; margin: 0 0 1.6rem; }
      h2, .verdict { break-after: avoid; page-break-after: avoid; }
      thead { display: table-header-group; }
      tr, .reference, .tile, .read-error { break-inside: avoid; page-break-inside: avoid; }
      .tile { flex-basis: 0; padding: 0.4rem 0.6rem; }
      .tile .number { font-size: 1.4rem; }
      td { padding: 0.45rem 0.5rem; }
      a { color: var(--ink); text-decoration: none; }
    }

    """
}
