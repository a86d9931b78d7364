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

  private func h(_ text: String) -> String { Escape.xml(text) }

  public func render(_ report: CheckReport) -> String {
    let title =
      language.say(
        sv: "Granskning enligt SFS 2023:196, ",
        en: "Review under SFS 2023:196, ") + Words.asOf(report.asOf, language)
    let shell = PageShell(
      language: language, title: title,
      heading: language.say(sv: "Granskning av brottsförebyggande planer", en: "Review of crime-prevention plans"),
      meta: [
        (language.say(sv: "Granskat per", en: "Checked as of"), report.asOf.description),
        (language.say(sv: "Regeluppsättning", en: "Rule set"), report.rulesetVersion),
        (
          language.say(sv: "Slutkod 1 vid", en: "Exit code 1 at"),
          report.failOn.map { Words.capitalized(Words.severity($0, language)) }
            ?? language.say(
              sv: "aldrig",
              en: "never")
        ),
        (language.say(sv: "Verktyg", en: "Tool"), "\(ToolInfo.name) \(ToolInfo.version)"),
      ],
      extraStyle: HTMLReporter.style)
    var main = summary(report)
    for (index, file) in report.files.enumerated() { main += section(file, number: index + 1) }
    main += references(report)
    return shell.render(
      main: main,
      footerNotes: [
        language.say(
          sv:
            "Sammanfattningarna av lagrum är skrivna med egna ord och är inte lagtext. Paragrafnummer som inte är verifierade mot den officiella texten är markerade. Vägledning är inte lagkrav.",
          en:
            "The summaries of provisions are in our own words, not the statute's text. Paragraph numbers not verified against the official text are marked. Guidance is not a legal requirement."
        )
      ])
  }

  private func summary(_ report: CheckReport) -> String {
    let counts = FindingCounts(report)
    let ready = report.files.filter { $0.verdict.isReady }.count
    let notReady = report.files.filter { $0.verdict == .notReady }.count
    let outdated = report.files.filter { $0.verdict == .outdated }.count
    let unreadable = report.unreadableFiles.count
    var out =
      "<section class=\"summary\" aria-label=\"\(h(language.say(sv: "Sammanfattning", en: "Summary")))\">\n<ul class=\"tiles\">\n"
    func tile(_ kind: String, _ number: Int, _ label: String) {
      out +=
        "<li class=\"tile \(kind)\"><span class=\"number\">\(number)</span> <span class=\"label\">\(h(label))</span></li>\n"
    }
    let files = report.files.count
    tile("files", files, language.say(sv: (files == 1 ? "fil" : "filer"), en: (files == 1 ? "file" : "files")))
    tile("ok", ready, language.say(sv: "klara att lämna in", en: "ready to submit"))
    tile("error", notReady, language.say(sv: "inte klara: fel", en: "not ready: errors"))
    if outdated > 0 {
      tile(
        "warning", outdated,
        language.say(
          sv: "inaktuella utan fel",
          en: "outdated without errors"))
    }
    if unreadable > 0 { tile("error", unreadable, language.say(sv: "kunde inte läsas", en: "could not be read")) }
    tile("error", counts.errors, language.say(sv: "fel", en: (counts.errors == 1 ? "error" : "errors")))
    tile(
      "warning", counts.warnings,
      language.say(
        sv: (counts.warnings == 1 ? "varning" : "varningar"),
        en: (counts.warnings == 1 ? "warning" : "warnings")))
    tile("info", counts.infos, "info")
    if counts.suppressed > 0 {
      tile(
        "muted", counts.suppressed,
        language.say(
          sv: (counts.suppressed == 1 ? "undantaget" : "undantagna"),
          en: "suppressed"))
    }
    out += "</ul>\n"
    if let notice = report.configuration {
      out += "<p class=\"configuration\">\(h(Words.configuration(notice, language)))</p>\n"
    }

    out += coming(report)
    guard files > 1 else { return out + "</section>\n" }
    out += "<table class=\"overview\">\n"
    let headings = language.say(
      sv: ["Fil", "Kommun", "Resultat", "Fel", "Varningar", "Info"],
      en: ["File", "Municipality", "Result", "Errors", "Warnings", "Info"])
    out += PageShell.tableHead(headings) + "<tbody>\n"
    for (index, file) in report.files.enumerated() {
      let counts = FindingCounts(file.findings)
      out += "<tr>"
      out += "<td class=\"path\"><a href=\"#fil-\(index + 1)\">\(PageShell.breakable(h(file.path)))</a></td>"
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

  /// Under the summary: what each kommun must do next, and by when.
  private func coming(_ report: CheckReport) -> String {
    let files = report.files.enumerated().map { ($0.offset, $0.element, ComingDates.of($0.element, asOf: report.asOf)) }
      .filter { !$0.2.isEmpty }
    guard !files.isEmpty else { return "" }
    var out = "<h2 class=\"coming\">\(h(ComingDates.heading(language)))</h2>\n<table class=\"overview coming\">\n"
    out += PageShell.tableHead(
      language.say(sv: ["Sista dag", "Vad", "Kommun", "Grund"], en: ["Last day", "What", "Municipality", "Basis"]))
    out += "<tbody>\n"
    for (index, file, dates) in files {
      for deadline in dates.prefix(ComingDates.shownPerFile) {
        out += "<tr><td class=\"date\">\(deadline.due)</td><td>\(h(deadline.title.text(language)))</td>"
        out += "<td><a href=\"#fil-\(index + 1)\">\(h(Words.kommun(file.kommun) ?? file.path))</a></td>"
        out += "<td class=\"source\">\(h(ComingDates.source(deadline, language)))</td></tr>\n"
      }
      if dates.count > ComingDates.shownPerFile {
        out +=
          "<tr><td></td><td colspan=\"3\">\(h(ComingDates.more(dates.count - ComingDates.shownPerFile, language)))</td></tr>\n"
      }
    }
    return out + "</tbody>\n</table>\n"
  }

  private func badge(_ file: FileResult) -> String { PageShell.badge(file.verdict, language) }

  private func section(_ file: FileResult, number: Int) -> String {
    var out = "<section class=\"file\" id=\"fil-\(number)\">\n"
    out += "<h2>\(badge(file)) <span class=\"path\">\(PageShell.breakable(h(file.path)))</span>"
    if let kommun = Words.kommun(file.kommun) { out += " <span class=\"kommun\">\(h(kommun))</span>" }
    out += "</h2>\n"
    var verdict = Words.verdict(file, language)
    if file.suppressedCount > 0 { verdict += " · " + Words.suppressedCount(file.suppressedCount, language) }
    out += "<p class=\"verdict \(Symbols.tone(file.verdict))\">\(h(verdict))</p>\n"

    if let error = file.readError {
      out += "<p class=\"read-error\(file.status == .skipped ? " muted" : "")\">"
      if let location = error.location {
        out +=
          "<span class=\"loc\">\(h(language.say(sv: "Rad \(location.line), kolumn \(location.column)", en: "Line \(location.line), column \(location.column)")))</span> "
      }
      out += h(error.message.text(language)) + "</p>\n</section>\n"
      return out
    }
    guard !file.findings.isEmpty else { return out + "</section>\n" }

    out += "<table class=\"findings\">\n"
    out += PageShell.tableHead(FindingRow.headings(language)) + "<tbody>\n"
    for finding in file.findings.sorted(by: Finding.documentOrder) { out += row(finding) }
    out += "</tbody>\n</table>\n</section>\n"
    return out
  }

  private func row(_ finding: Finding) -> String {
    var out = FindingRow.start(finding, language)
    out += "<td class=\"source\"><p><span class=\"rule\">\(h(finding.ruleId))</span> "
    out += h(Words.obligation(finding.obligation, ruleSet, language)) + "</p><p>"
    out += CitationMarkup.cite(finding.reference, basis: finding.basis, language) + "</p>"
    out += CitationMarkup.lawText(finding.reference, ruleSet: ruleSet, language)
    out += "</td>"
    out += "</tr>\n"
    return out
  }

  /// The law's own words beside a citation, as `CitationMarkup` renders them for every page.
  public static func lawText(_ reference: Citation, ruleSet: RuleSet, language: Language) -> String {
    CitationMarkup.lawText(reference, ruleSet: ruleSet, language)
  }

  /// Every reference the findings cite: statutes in paragraph order, then guidance.
  private func references(_ report: CheckReport) -> String {
    var seen: Set<String> = []
    // The sources of law and guidance; the configuration's place is in its findings' rows.
    let cited = report.files.flatMap(\.findings).map(\.reference).filter {
      $0.kind != .configuration && seen.insert($0.id).inserted
    }
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
    var out =
      "<section class=\"references\">\n<h2>\(h(language.say(sv: "Hänvisningar", en: "References")))</h2>\n<dl>\n"
    for reference in sorted {
      out += "<div class=\"reference\"><dt>\(CitationMarkup.cite(reference, basis: nil, language))</dt>"
      out += "<dd><p>\(h(reference.summary.text(language)))</p>"
      out += CitationMarkup.lawText(reference, ruleSet: ruleSet, language)
      if let url = reference.url { out += "<p class=\"url\">\(h(url))</p>" }
      out += "</dd></div>\n"
    }
    out += "</dl>\n</section>\n"
    return out
  }

  /// What only this page adds to `PageShell.style`. No `url(` and no `@import`: the page loads nothing.
  static let style = """
    h2 { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.8rem; }
    h2 .path { font-size: 1.067rem; overflow-wrap: break-word; }
    h2 .kommun { color: var(--muted); font-weight: 500; font-size: 1rem; }
    .overview { width: 100%; margin-top: 1.2rem; }
    h2.coming { font-size: 1.1rem; margin: 1.4rem 0 0; }
    .coming td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
    .overview th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: .04em; border-bottom: 2px solid var(--line); padding: 0.4rem 0.667rem; }
    .overview td { border-bottom: 1px solid var(--line); padding: 0.5rem 0.667rem; vertical-align: top; }
    td.path { font-size: 0.867rem; overflow-wrap: break-word; }
    .references dl { margin: 0.533rem 0 0; }
    .reference { padding: 0.667rem 0; border-bottom: 1px solid var(--line); }
    .reference:last-child { border-bottom: 0; }
    .reference dt { font-weight: 650; }
    .reference dd { margin: 0.267rem 0 0; font-size: 0.933rem; }
    .reference dd p { margin: 0 0 2px; }
    .reference .url { color: var(--muted); font-size: 0.8rem; overflow-wrap: anywhere; }
    @media print { .reference { break-inside: avoid; page-break-inside: avoid; } }
    details.lawtext { margin: 0.4rem 0 0; font-size: 0.867rem; }
    details.lawtext summary { cursor: pointer; color: var(--accent); }
    details.lawtext blockquote { margin: 0.4rem 0 0; padding: 0.2rem 0 0.2rem 0.8rem; border-left: 3px solid var(--line); color: var(--ink); }
    details.lawtext blockquote p { margin: 0 0 0.2rem; }

    """
}
