import Foundation
import PlanDocument
import Reporting
import RuleEngine

/// The self-check page's HTML, all of it in this one file: the form (`GET /`) and the bar the report
/// page gets above `lagkoll check --format html`'s own page. No script, nothing loaded from elsewhere;
/// every text that came from a request is escaped.
enum SelfCheckPage {
  /// Sent with every HTML response: no scripts at all, styles only inline, the form posts only here,
  /// and no other site may frame the page.
  static let contentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

  private static func h(_ text: String) -> String { Escape.xml(text) }

  /// The form, with a notice above it when the last post could not be checked; `invalid` names the
  /// fields the notice is about, which are marked and point at it.
  static func render(
    language: Language, problem: String? = nil, invalid: Set<String> = [], asOf: CivilDate? = nil,
    maxSize: Int = 16 << 20
  ) -> String {
    let other: Language = language.say(sv: .en, en: .sv)
    var shell = PageShell(
      language: language,
      title: language.say(
        sv: "Kontrollera en brottsförebyggande plan – lagkoll", en: "Check a crime-prevention plan – lagkoll"),
      heading: language.say(sv: "Kontrollera en brottsförebyggande plan", en: "Check a crime-prevention plan"),
      meta: [],
      extraStyle: Markup.pageStyle + style, allowsForms: true)
    shell.lead =
      language.say(
        sv:
          "Ladda upp eller klistra in kommunens plan (XML, JSON eller Word (.docx)) så ser du vad som saknas eller är inaktuellt, var i dokumentet det är och vilken paragraf eller vägledning som kräver det.",
        en:
          "Upload or paste the municipality's plan (XML, JSON or Word (.docx)) to see what is missing or outdated, where in the document, and which paragraph or guidance asks for it."
      )
    shell.alternate = ("/?lang=\(other.rawValue)", language.say(sv: "In English", en: "På svenska"), other)
    shell.skipTo = ("formular", language.say(sv: "Hoppa till formuläret", en: "Skip to the form"))
    var out = ""
    if let problem {
      out += """
        <div class="notice" role="alert" id="fel"><h2>\(h(language.say(sv: "Planen kunde inte kontrolleras", en: "The plan could not be checked")))</h2><p>\(h(problem))</p></div>

        """
    }
    out += form(language: language, invalid: invalid, asOf: asOf, megabytes: maxSize >> 20)
    out += templatesAndAPI(language: language, asOf: asOf)
    return shell.render(
      main: out,
      footerNotes: [
        language.say(
          sv: "Sammanfattningarna av lagrum i rapporten är skrivna med egna ord. Vägledning är inte lagkrav.",
          en: "The summaries of provisions in the report are in our own words. Guidance is not a legal requirement.")
      ])
  }

  /// The form: the plan (a file or pasted text), the as-of date and the report's language.
  private static func form(language: Language, invalid: Set<String>, asOf: CivilDate?, megabytes: Int) -> String {
    /// The report-language radio that matches the page's language is the one already chosen.
    func checked(_ choice: Language) -> String { choice == language ? " checked=\"checked\"" : "" }
    /// A field's description: its hint, and the notice when the notice is about it.
    func described(_ id: String) -> String {
      invalid.contains(id)
        ? "aria-describedby=\"\(id)-hint fel\" aria-invalid=\"true\"" : "aria-describedby=\"\(id)-hint\""
    }
    return """
      <section class="stored"><p><strong>\(h(language.say(sv: "Ingenting sparas.", en: "Nothing is stored.")))</strong> \(h(language.say(sv: "Planen kontrolleras i minnet och glöms när svaret har skickats. Ingen kopia sparas och ingenting loggas av innehållet; ett Word-dokument med kommentarer följer med i själva svaret.", en: "The plan is checked in memory and forgotten once the answer is sent. No copy is kept and nothing of its content is logged; a Word document with comments comes inside the answer itself.")))</p></section>
      <form id="formular" method="post" action="/?lang=\(language.rawValue)" enctype="multipart/form-data" accept-charset="utf-8">
      <input type="hidden" name="ui" value="\(language.rawValue)" />
      <fieldset>
      <legend>\(h(language.say(sv: "Planen", en: "The plan")))</legend>
      <div class="field">
      <label for="plan">\(h(language.say(sv: "Planfil", en: "Plan file")))</label>
      <p class="hint" id="plan-hint">\(h(language.say(sv: "XML, JSON eller Word (.docx) i lagkolls format, högst \(megabytes) MB. Ett Word-dokument får du tillbaka med lagkolls kommentarer i marginalen.", en: "XML, JSON or Word (.docx) in lagkoll's format, at most \(megabytes) MB. A Word document comes back with lagkoll's comments in the margin.")))</p>
      <input type="file" id="plan" name="plan" accept=".xml,.json,.docx,application/xml,text/xml,application/json,\(SourceFormat.docxMediaType)" \(described("plan")) />
      </div>
      <div class="field">
      <label for="text">\(h(language.say(sv: "… eller klistra in planens text", en: "… or paste the plan's text")))</label>
      <p class="hint" id="text-hint">\(h(language.say(sv: "Används bara om ingen fil har valts.", en: "Used only when no file is chosen.")))</p>
      <textarea id="text" name="text" rows="8" spellcheck="false" \(described("text"))></textarea>
      </div>
      </fieldset>
      <fieldset>
      <legend>\(h(language.say(sv: "Kontrollen", en: "The check")))</legend>
      <div class="field">
      <label for="asOf">\(h(language.say(sv: "Kontrolldag", en: "As-of date")))</label>
      <p class="hint" id="asOf-hint">\(h(language.say(sv: "Planen bedöms som den dagen: vilka krav som gällde och vad som hade hunnit bli inaktuellt. Förvalt: i dag.", en: "The plan is judged as on that day: which duties applied and what had become outdated. Default: today.")))</p>
      <input type="date" id="asOf" name="asOf" value="\(h(asOf?.description ?? ""))" \(described("asOf")) />
      </div>
      <fieldset class="choice">
      <legend>\(h(language.say(sv: "Rapportens språk", en: "Language of the report")))</legend>
      <label><input type="radio" name="lang" value="sv"\(checked(.sv)) /> <span lang="sv">Svenska</span></label>
      <label><input type="radio" name="lang" value="en"\(checked(.en)) /> <span lang="en">English</span></label>
      </fieldset>
      </fieldset>
      <button type="submit">\(h(language.say(sv: "Kontrollera planen", en: "Check the plan")))</button>
      </form>

      """
  }

  /// The templates, the schemas and the same check over HTTP.
  private static func templatesAndAPI(language: Language, asOf: CivilDate?) -> String {
    """
    <section class="more">
    <h2>\(h(language.say(sv: "Mall och scheman", en: "Template and schemas")))</h2>
    <p>\(h(language.say(sv: "Börja från mallen: den har alla avsnitt och platshållare som börjar med ”ANGE:”. Lägg till ?kommun= och kommunkoden i adressen för en mall med kommunen ifylld.", en: "Start from the template: it has every section, and placeholders beginning with “ANGE:”. Add ?kommun= and the municipality code to the address for a template with the municipality filled in.")))</p>
    <ul>
    <li><a href="/api/v1/template.xml" download="plan.xml">\(h(language.say(sv: "Mall i XML", en: "Template in XML")))</a></li>
    <li><a href="/api/v1/template.json" download="plan.json">\(h(language.say(sv: "Mall i JSON", en: "Template in JSON")))</a></li>
    <li><a href="/api/v1/template.docx" download="plan.docx">\(h(language.say(sv: "Mall i Word (.docx)", en: "Template in Word (.docx)")))</a></li>
    <li><a href="/api/v1/schema.xsd">XML Schema</a></li>
    <li><a href="/api/v1/schema.json">JSON Schema</a></li>
    </ul>
    <h2>\(h(language.say(sv: "För andra system", en: "For other systems")))</h2>
    <p>\(h(language.say(sv: "Samma kontroll finns som HTTP-tjänst och svarar med samma JSON som lagkoll check --format json:", en: "The same check is an HTTP service that answers with the same JSON as lagkoll check --format json:")))</p>
    <pre><code>curl -sS --data-binary @plan.xml -H 'Content-Type: application/xml' \\
      '/api/v1/check?asOf=\(h(asOf?.description ?? "2026-01-01"))&amp;lang=\(language.rawValue)'</code></pre>
    <p><a href="/api/v1/openapi.yaml">\(h(language.say(sv: "API-beskrivning (OpenAPI 3)", en: "API description (OpenAPI 3)")))</a></p>
    </section>

    """
  }

  /// The reviewed copy of a Word plan, offered on its report page.
  struct ReviewedCopy: Sendable {
    var bytes: [UInt8]
    /// The name the download is saved under, e.g. `plan-granskad.docx`.
    var fileName: String
  }

  /// The report page: `lagkoll check --format html`'s own page as it is, with a bar on top that leads
  /// back to the form and to the other language, and for a Word plan its reviewed copy to download.
  static func reportPage(_ report: String, language: Language, copy: ReviewedCopy? = nil) -> String {
    let other: Language = language.say(sv: .en, en: .sv)
    let bar = """
      <nav class="lagkoll-server" aria-label="\(h(language.say(sv: "Webbplatsen", en: "Site")))"><a href="/?lang=\(language.rawValue)">← \(h(language.say(sv: "Kontrollera en plan till", en: "Check another plan")))</a> <span>\(h(language.say(sv: "Ingenting av planen har sparats.", en: "Nothing of the plan was stored.")))</span> <a href="/?lang=\(other.rawValue)" lang="\(other.rawValue)" hreflang="\(other.rawValue)">\(language.say(sv: "In English", en: "På svenska"))</a></nav>

      """
    var page = report
    if let head = page.range(of: "</head>") {
      page.replaceSubrange(head, with: "<style>\(reportBarStyle)</style>\n</head>")
    }
    if let body = page.range(of: "<body>\n") { page.replaceSubrange(body, with: "<body>\n" + bar) }
    if let copy, let main = page.range(of: "<main>\n") {
      page.replaceSubrange(main, with: "<main>\n" + download(copy, language: language))
    }
    return page
  }

  /// The reviewed copy as a link that carries the document itself (a `data:` address with `download`),
  /// so that the self-check stays stateless: nothing is kept on the server for a later request, and
  /// the copy is gone when the page is. A browser saves it without running anything (the page's
  /// policy allows no script, and a download is not a navigation).
  static func download(_ copy: ReviewedCopy, language: Language) -> String {
    let address = "data:\(SourceFormat.docxMediaType);base64," + Data(copy.bytes).base64EncodedString()
    let size = max(1, (copy.bytes.count + 512) / 1024)
    return """
      <section class="reviewed-copy" aria-labelledby="granskad-kopia">
      <h2 id="granskad-kopia">\(h(language.say(sv: "Ditt dokument med lagkolls kommentarer", en: "Your document with lagkoll's comments")))</h2>
      <p>\(h(language.say(sv: "En kopia av Word-dokumentet med en kommentar vid varje fynd och omdömet vid titeln. Dokumentets egen text är oförändrad.", en: "A copy of the Word document with a comment at each finding and the verdict at the title. The document's own text is unchanged.")))</p>
      <p><a class="download" href="\(address)" download="\(h(copy.fileName))" type="\(SourceFormat.docxMediaType)">\(h(language.say(sv: "Ladda ner dokumentet med lagkolls kommentarer", en: "Download the document with lagkoll's comments"))) (.docx, \(size) kB)</a></p>
      </section>

      """
  }

  /// The bar's styles, and until the report's own stylesheet does it, its findings as one column on a
  /// phone instead of a table wider than the screen.
  private static let reportBarStyle = """
    nav.lagkoll-server { display: flex; flex-wrap: wrap; gap: 0.4rem 1.6rem; align-items: center; background: #0c1f35; color: #c5d3e6; padding: 0.6rem 2.667rem; font-size: 0.933rem; }
    nav.lagkoll-server a { color: #fff; font-weight: 600; }
    nav.lagkoll-server a:last-child { margin-left: auto; }
    nav.lagkoll-server a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
    @media print { nav.lagkoll-server, section.reviewed-copy { display: none; } }
    section.reviewed-copy { border-left: 5px solid var(--info); }
    section.reviewed-copy h2 { margin-top: 0; }
    section.reviewed-copy p:last-child { margin-bottom: 0; }
    section.reviewed-copy a.download { font-weight: 600; overflow-wrap: anywhere; }
    @media (max-width: 40rem) {
      nav.lagkoll-server { padding: 0.6rem 1rem; }
      header { padding: 1rem 1rem 1.2rem; }
      main { padding: 1rem 0.5rem 0.5rem; }
      footer { padding: 0 1rem 1.5rem; }
      section { padding: 1rem 0.75rem; }
      table.findings, table.findings tbody, table.findings tr, table.findings td { display: block; width: auto; }
      table.findings thead { display: none; }
      table.findings tr { border-bottom: 1px solid var(--line); padding: 0.4rem 0 0.4rem 0.6rem; }
      table.findings td { border: 0; padding: 0.2rem 0.4rem; }
      .findings td.severity, .findings td.loc, .findings td.source { width: auto; }
      .findings tr.sev-error { box-shadow: inset 4px 0 0 var(--error); }
      .findings tr.sev-warning { box-shadow: inset 4px 0 0 #d08a00; }
      .findings tr.sev-info { box-shadow: inset 4px 0 0 var(--info); }
      .findings tr[class] td:first-child { box-shadow: none; }
      /* The coming dates keep their columns and scroll in their own box (WCAG 1.4.10). */
      table.coming { display: block; overflow-x: auto; max-width: 100%; }
    }
    """

  /// What the form page (and the accessibility statement) add to the page shell's stylesheet: a
  /// narrower column, larger targets, the skip link, the language switch, one column on a phone.
  static let style = """
    html { font-size: 16px; }
    .skip { position: absolute; left: -999px; top: 0; background: #ffbf47; color: #000; padding: 0.5rem 1rem; }
    .skip:focus { left: 0; }
    header .bar { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
    header .bar .eyebrow { margin: 0; }
    header .lang, header a:visited { color: #fff; font-weight: 600; }
    header .lead { margin: 0; max-width: 46rem; color: #e3eaf3; }
    main { max-width: 50rem; }
    footer { max-width: 50rem; }
    form, .notice { background: var(--paper); border: 1px solid var(--line); border-radius: 0.5rem; padding: 1.25rem 1.5rem; margin: 0 0 1.25rem; }
    .stored { border-left: 5px solid var(--ok); }
    .stored p { margin: 0; }
    .notice { border: 2px solid var(--error); background: var(--error-bg); color: var(--error); overflow-wrap: anywhere; padding: 1.25rem 1.5rem; }
    .notice h2 { margin: 0 0 0.25rem; font-size: 1.125rem; }
    .notice p { margin: 0; }
    fieldset { border: 0; margin: 0 0 1rem; padding: 0; min-width: 0; }
    legend { font-size: 1.25rem; font-weight: 650; padding: 0; margin-bottom: 0.5rem; }
    .field { margin: 0 0 1.125rem; }
    .field > label { display: block; font-weight: 600; }
    .hint { margin: 0.125rem 0 0.375rem; font-size: 0.9375rem; }
    input[type=file], input[type=date], textarea { padding: 0.5rem; }
    input[type=file] { width: 100%; }
    textarea { width: 100%; }
    fieldset.choice legend { font-size: 1rem; font-weight: 600; margin-bottom: 0.25rem; }
    fieldset.choice label { display: inline-flex; align-items: center; gap: 0.4rem; margin-right: 1.5rem; padding: 0.25rem 0; }
    input[type=radio] { width: 1.25rem; height: 1.25rem; margin: 0; }
    button { padding: 0.75rem 1.5rem; }
    .more h2 { font-size: 1.125rem; margin: 0 0 0.5rem; }
    .more h2 + p { margin-top: 0; }
    .more ul { margin: 0 0 1.25rem; padding-left: 1.25rem; }
    pre { background: var(--wash); border: 1px solid var(--line); border-radius: 0.25rem; padding: 0.75rem; overflow-x: auto; font-size: 0.8125rem; }
    @media (max-width: 40rem) {
      header { padding: 1rem 1rem 1.25rem; }
      header h1 { font-size: 1.5rem; }
      main { padding: 1rem 0.75rem 0.25rem; }
      section, form, .notice { padding: 1rem; }
      footer { padding: 0 1rem 1.5rem; }
      button { width: 100%; }
    }

    """
}
