import PlanDocument
import RuleEngine

/// The one set of symbols every report uses, beside a word (colour is never the only signal): the same
/// mark means the same thing in the check page, the review page, Markdown and the text matrix.
public enum Symbols {
  public static let ok = "✔"
  public static let error = "✖"
  public static let warning = "▲"
  public static let info = "ℹ"
  public static let suppressed = "⊘"
  public static let notApplicable = "–"

  public static func severity(_ severity: Severity) -> String {
    switch severity {
    case .error: error
    case .warning: warning
    case .info: info
    }
  }

  public static func verdict(_ verdict: Verdict) -> String {
    switch verdict {
    case .ready: ok
    case .readyWithWarnings, .outdated: warning
    case .notReady, .unreadable: error
    case .skipped: notApplicable
    }
  }

  public static func state(_ state: ObligationState) -> String {
    switch state {
    case .ok: ok
    case .error: error
    case .warning: warning
    case .info: info
    case .suppressed: suppressed
    case .notApplicable: notApplicable
    }
  }

  /// The CSS class of a verdict: `ok`, `warning`, `error` or `muted`, styled once in `PageShell.style`.
  public static func tone(_ verdict: Verdict) -> String {
    switch verdict {
    case .ready: "ok"
    case .readyWithWarnings, .outdated: "warning"
    case .notReady, .unreadable: "error"
    case .skipped: "muted"
    }
  }
}

/// The one page shell of every HTML report (the check report, the county review, and the server's
/// pages): the document head with its Content-Security-Policy, the banner, one stylesheet, the footer.
/// Self-contained: inline styles, no scripts, nothing loaded from elsewhere; well-formed XML, so an XML
/// parser can check it. Text is escaped here; `main` and `extraStyle` are markup the caller built.
public struct PageShell {
  public var language: Language
  /// The page's title (the browser tab and the printout's running head).
  public var title: String
  /// The small line above the heading.
  public var eyebrow: String
  public var heading: String
  /// Label and value pairs under the heading: the as-of date, the rule set, the tool.
  public var meta: [(String, String)]
  /// In-page links under the meta line: fragment id and label.
  public var contents: [(String, String)]
  /// `portrait` or `landscape` for A4 print.
  public var landscape: Bool
  /// Styles only this page needs, after the shared stylesheet.
  public var extraStyle: String
  /// Whether the page's forms may post back to the server that sent it (the service's pages); a
  /// report written to a file posts nowhere.
  public var allowsForms: Bool
  /// A sentence under the heading (the service's form page says what it is for).
  public var lead: String? = nil
  /// A link to the same page in the other language, beside the eyebrow: address, label, its language.
  public var alternate: (href: String, label: String, language: Language)? = nil
  /// A "skip to" link before the banner, for keyboard users: fragment id and label.
  public var skipTo: (anchor: String, label: String)? = nil

  public init(
    language: Language, title: String, eyebrow: String? = nil, heading: String, meta: [(String, String)],
    contents: [(String, String)] = [], landscape: Bool = false, extraStyle: String = "", allowsForms: Bool = false
  ) {
    self.allowsForms = allowsForms
    self.language = language
    self.title = title
    self.eyebrow = eyebrow ?? PageShell.lawName(language)
    self.heading = heading
    self.meta = meta
    self.contents = contents
    self.landscape = landscape
    self.extraStyle = extraStyle
  }

  /// "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete".
  public static func lawName(_ language: Language) -> String {
    language.say(
      sv: "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete",
      en: "Act (2023:196) on municipalities' responsibility for crime prevention")
  }

  private func h(_ text: String) -> String { Escape.xml(text) }

  /// The whole page around `main` (markup), with `footerNotes` (text) in the footer.
  public func render(main: String, footerNotes: [String]) -> String {
    var out = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="\(language.rawValue)">
      <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action \(allowsForms ? "'self'" : "'none'")" />
      <meta name="referrer" content="no-referrer" />
      <meta name="generator" content="\(h("\(ToolInfo.name) \(ToolInfo.version)"))" />
      <title>\(h(title))</title>
      <style>\(PageShell.style)\(landscape ? PageShell.landscapePage : PageShell.portraitPage)\(extraStyle)</style>
      </head>
      <body>

      """
    if let skipTo { out += "<a class=\"skip\" href=\"#\(h(skipTo.anchor))\">\(h(skipTo.label))</a>\n" }
    out += "<header>\n"
    if let alternate {
      let code = alternate.language.rawValue
      out +=
        "<div class=\"bar\"><p class=\"eyebrow\">\(h(eyebrow))</p> <a class=\"lang\" href=\"\(h(alternate.href))\" lang=\"\(code)\" hreflang=\"\(code)\">\(h(alternate.label))</a></div>\n"
    } else {
      out += "<p class=\"eyebrow\">\(h(eyebrow))</p>\n"
    }
    out += "<h1>\(h(heading))</h1>\n"
    if let lead { out += "<p class=\"lead\">\(h(lead))</p>\n" }
    out += """
      <dl class="meta">

      """
    for (term, value) in meta { out += "<div><dt>\(h(term))</dt><dd>\(h(value))</dd></div>\n" }
    out += "</dl>\n"
    if !contents.isEmpty {
      out += "<nav class=\"toc\" aria-label=\"\(h(language.say(sv: "Innehåll", en: "Contents")))\"><ul>"
      for (anchor, label) in contents { out += "<li><a href=\"#\(h(anchor))\">\(h(label))</a></li>" }
      out += "</ul></nav>\n"
    }
    out += "</header>\n<main>\n"
    out += main
    out += "</main>\n<footer>"
    for note in footerNotes + ["\(ToolInfo.name) \(ToolInfo.version)"] { out += "<p>\(h(note))</p>" }
    out += "</footer>\n</body>\n</html>\n"
    return out
  }

  /// A verdict as a badge: symbol and word, coloured by its tone.
  public static func badge(_ verdict: Verdict, _ language: Language) -> String {
    "<span class=\"badge \(Symbols.tone(verdict))\">\(Symbols.verdict(verdict)) \(Escape.xml(Words.capitalized(Words.verdictWord(verdict, language))))</span>"
  }

  /// A severity as a label: symbol and word.
  public static func severity(_ severity: Severity, _ language: Language) -> String {
    "<span class=\"sev \(severity.rawValue)\">\(Symbols.severity(severity)) \(Escape.xml(Words.capitalized(Words.severity(severity, language))))</span>"
  }

  /// A table's column headings, each a column header for the cells below it; `numeric` columns are
  /// right-aligned (`class="num"`).
  public static func tableHead(_ headings: [String], numeric: Set<Int> = []) -> String {
    var out = "<thead><tr>"
    for (index, heading) in headings.enumerated() {
      out += "<th scope=\"col\"\(numeric.contains(index) ? " class=\"num\"" : "")>\(Escape.xml(heading))</th>"
    }
    return out + "</tr></thead>\n"
  }

  /// An escaped path that may wrap after each `/` (but a leading one), and nowhere inside a name.
  public static func breakable(_ escapedPath: String) -> String {
    var out = ""
    for (index, character) in escapedPath.enumerated() {
      out.append(character)
      if character == "/", index > 0 { out += "<wbr/>" }
    }
    return out
  }

  /// What the service's pages with forms add to `style`: fields, buttons (a destructive one in the
  /// error colour), notices, and the signed-in bar. A report written to a file has no forms.
  public static let formStyle = """
    label { font-weight: 600; }
    input[type=text], input[type=email], input[type=password], input[type=date], input[type=file], select, textarea {
      font: inherit; color: inherit; border: 2px solid #6b7380; border-radius: 0.25rem; background: #fff; padding: 0.4rem 0.5rem; max-width: 100%;
    }
    textarea { font-family: var(--mono); font-size: 0.875rem; }
    button { font: inherit; font-weight: 650; color: #fff; background: var(--accent); border: 0; border-radius: 0.375rem; padding: 0.55rem 1.2rem; cursor: pointer; }
    button:hover { background: #00467a; }
    button.danger { background: var(--error); }
    button.danger:hover { background: #8c1b13; }
    button.quiet { color: var(--accent); background: transparent; border: 1px solid var(--line); padding: 0.25rem 0.75rem; font-weight: 600; }
    button.quiet:hover { background: var(--wash); }
    a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #ffbf47; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
    .notice { border-left: 4px solid var(--error); background: var(--paper); padding: 0.4rem 0.9rem; margin: 0 0 1.2rem; border-radius: 0.25rem; }
    .notice p { margin: 0; }
    .notice.ok { border-left-color: var(--ok); }
    nav.account { display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: 0.4rem 1rem; margin: 0 0 1rem; font-size: 0.933rem; color: var(--muted); }
    nav.account form { margin: 0; }

    """

  static let portraitPage = "\n@page { size: A4; margin: 14mm 12mm 16mm; }\n"
  static let landscapePage = "\n@page { size: A4 landscape; margin: 10mm 9mm 12mm; }\n"

  /// The shared stylesheet: one scale in rem (1rem = 15px on screen, 9pt in print), one palette, one
  /// look for badges, severities, flags, tiles, tables of findings. No `url(` and no `@import`.
  public static let style = """

    :root {
      --ink: #1d2330; --muted: #5b6473; --line: #d9dde4; --paper: #ffffff; --wash: #f5f6f8;
      --error: #b42318; --error-bg: #fdecea; --warning: #7a4a00; --warning-bg: #fff4dc; --warning-line: #d08a00;
      --info: #1d5fa8; --info-bg: #e8f1fb; --ok: #1b6e3a; --ok-bg: #e6f4ea; --muted-bg: #eef0f3;
      --sup: #4a505b; --sup-bg: #e4e1ee; --accent: #005b99; --navy: #15304f;
      --mono: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
    }
    * { box-sizing: border-box; }
    html { font-size: 15px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body {
      margin: 0; background: var(--wash); color: var(--ink);
      font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
    }
    a { color: var(--accent); }
    code, .code, .rule, .id, .path { font-family: var(--mono); }
    header { background: var(--navy); color: #fff; padding: 1.733rem 2.667rem 1.2rem; }
    header .eyebrow { margin: 0 0 0.267rem; font-size: 0.867rem; letter-spacing: .02em; color: #c5d3e6; }
    header h1 { margin: 0 0 0.933rem; font-size: 1.733rem; font-weight: 650; }
    .meta { display: flex; flex-wrap: wrap; gap: 0.4rem 2.133rem; margin: 0 0 0.4rem; font-size: 0.867rem; }
    .meta div { display: flex; gap: 0.4rem; }
    .meta dt { color: #c5d3e6; }
    .meta dd { margin: 0; font-weight: 600; }
    .toc ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.267rem 1.467rem; margin: 0.4rem 0 0; padding: 0; font-size: 0.9rem; }
    .toc a { color: #fff; }
    main { max-width: 117rem; margin: 0 auto; padding: 1.467rem 2.667rem 0.533rem; }
    section { background: var(--paper); border: 1px solid var(--line); border-radius: 0.533rem; padding: 1.2rem 1.6rem; margin: 0 0 1.333rem; }
    h2 { margin: 0 0 0.667rem; font-size: 1.267rem; line-height: 1.4; }
    h3 { margin: 1.2rem 0 0.4rem; font-size: 1.033rem; }
    .hint { color: var(--muted); font-size: 0.9rem; margin: 0 0 0.667rem; max-width: 75em; }
    .tiles { list-style: none; display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 0; padding: 0; }
    .tile { flex: 1 1 10rem; border: 1px solid var(--line); border-left-width: 5px; border-radius: 0.4rem; padding: 0.533rem 0.933rem; background: var(--paper); }
    .tile .number { display: block; font-size: 1.667rem; font-weight: 700; line-height: 1.15; font-variant-numeric: tabular-nums; }
    .tile .of { font-size: 1rem; font-weight: 500; color: var(--muted); }
    .tile .label { display: block; color: var(--muted); font-size: 0.867rem; line-height: 1.3; }
    .tile.files { border-left-color: var(--navy); }
    .tile.ok { border-left-color: var(--ok); }
    .tile.error { border-left-color: var(--error); }
    .tile.warning { border-left-color: var(--warning-line); }
    .tile.info { border-left-color: var(--info); }
    .tile.muted { border-left-color: #8a8f99; }
    table { border-collapse: collapse; font-size: 0.933rem; }
    th { text-align: left; color: var(--muted); font-weight: 650; }
    .badge, .flag, .sev { display: inline-block; border-radius: 4px; padding: 0 0.467rem; font-size: 0.8rem; font-weight: 650; white-space: nowrap; line-height: 1.6; }
    .badge { font-size: 0.833rem; padding: 0.067rem 0.533rem; }
    .badge.ok { color: var(--ok); background: var(--ok-bg); }
    .badge.warning { color: var(--warning); background: var(--warning-bg); }
    .badge.error { color: var(--error); background: var(--error-bg); }
    .badge.muted { color: var(--muted); background: var(--muted-bg); }
    .badge.dup { color: #5e3a00; background: #ffe7b3; border: 1px solid #e0b35a; font-weight: 600; }
    .sev.error { color: var(--error); background: var(--error-bg); }
    .sev.warning { color: var(--warning); background: var(--warning-bg); }
    .sev.info { color: var(--info); background: var(--info-bg); }
    .sev.suppressed { color: var(--sup); background: var(--sup-bg); margin-top: 0.2rem; }
    .flag { font-weight: 500; font-size: 0.767rem; }
    .flag.verified { color: var(--ok); background: var(--ok-bg); }
    .flag.unverified { color: var(--warning); background: var(--warning-bg); }
    .flag.guidance, .flag.basis-vagledning, .flag.basis-dokument { color: #4a505b; background: var(--muted-bg); }
    .flag.basis-lag { color: var(--navy); background: #dfe7f3; }
    .verdict { margin: 0 0 0.8rem; font-weight: 600; }
    .verdict.ok { color: var(--ok); }
    .verdict.warning { color: var(--warning); }
    .verdict.error { color: var(--error); }
    .verdict.muted { color: var(--muted); }
    .findings { width: 100%; }
    .findings th { font-size: 0.767rem; text-transform: uppercase; letter-spacing: .04em; border-bottom: 2px solid var(--line); padding: 0.267rem 0.533rem; }
    .findings td { border-bottom: 1px solid var(--line); padding: 0.4rem 0.533rem; vertical-align: top; font-size: 0.9rem; }
    .findings td p { margin: 0 0 0.2rem; }
    .findings td p:last-child { margin-bottom: 0; }
    .findings td.severity { width: 8.5em; white-space: nowrap; }
    .findings td.loc { width: 15em; color: var(--muted); font-size: 0.833rem; }
    .findings td.loc code { color: var(--ink); font-size: 0.8rem; }
    .findings td.message { overflow-wrap: break-word; }
    .findings td.source { width: 19em; font-size: 0.833rem; }
    .findings tr.sev-error td:first-child { box-shadow: inset 4px 0 0 var(--error); }
    .findings tr.sev-warning td:first-child { box-shadow: inset 4px 0 0 var(--warning-line); }
    .findings tr.sev-info td:first-child { box-shadow: inset 4px 0 0 var(--info); }
    .findings tr.suppressed td { background: #f7f7f8; color: var(--muted); }
    .findings tr.suppressed td:first-child { box-shadow: inset 4px 0 0 #a3a8b0; }
    .findings tr.suppressed .sev.error, .findings tr.suppressed .sev.warning, .findings tr.suppressed .sev.info { text-decoration: line-through; }
    .rule { font-size: 0.8rem; font-weight: 600; }
    .note { font-size: 0.867rem; }
    .note.outdated { color: var(--warning); font-weight: 600; }
    .note.suppression { font-style: italic; }
    .read-error { margin: 0.267rem 0 0; padding: 0.533rem 0.8rem; border-radius: 0.4rem; background: var(--error-bg); color: var(--error); overflow-wrap: break-word; }
    .read-error .loc { font-weight: 650; }
    .read-error.muted { background: var(--muted-bg); color: var(--muted); }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    td.num.zero { color: #a3a8b0; }
    footer { max-width: 117rem; margin: 0 auto; padding: 0 2.667rem 2.133rem; color: var(--muted); font-size: 0.833rem; }
    footer p { margin: 0 0 0.267rem; }
    @media print {
      html { font-size: 9pt; }
      body { background: #fff; }
      header { background: #fff; color: var(--ink); padding: 0 0 0.667rem; border-bottom: 2pt solid var(--navy); }
      header .eyebrow, .meta dt { color: var(--muted); }
      header h1 { font-size: 1.6rem; margin-bottom: 0.4rem; }
      .toc { display: none; }
      main, footer { max-width: none; padding-left: 0; padding-right: 0; }
      main { padding-top: 0.9rem; }
      section { border: 0; border-radius: 0; padding: 0; margin: 0 0 1.4rem; }
      h2, h3, .verdict { break-after: avoid; page-break-after: avoid; }
      thead { display: table-header-group; }
      tr, .tile, .read-error { break-inside: avoid; page-break-inside: avoid; }
      .tile { flex-basis: 0; padding: 0.333rem 0.6rem; }
      .tile .number { font-size: 1.4rem; }
      a { color: var(--ink); text-decoration: none; }
    }

    """
}
