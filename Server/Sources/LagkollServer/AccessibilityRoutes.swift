import Foundation
import Hummingbird
import PlanDocument
import Reporting

/// `GET /tillganglighet`: the accessibility statement that lag (2018:1937) om tillgänglighet till
/// digital offentlig service asks every public body to publish, in the order of DIGG's model: how well
/// the service meets the requirements, what is not accessible, how to tell us, and the supervisory
/// authority. Linked from every page's footer.
struct AccessibilityRoutes: Sendable {
  var settings: ServiceSettings

  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self).get("/tillganglighet", use: page)
  }

  func page(_ request: Request, context: ServerContext) -> Response {
    let language = SelfCheckRoutes.language(request.uri.queryParameters["lang"].map(String.init))
    return .html(AccessibilityStatement(language: language, contact: settings.contact).render(), language: language)
  }
}

/// The statement's text: one block per language, written whole rather than sentence by sentence, since
/// a statement is read as a document and DIGG's model gives its Swedish wording.
struct AccessibilityStatement {
  var language: Language
  /// Where to report a problem, as the operator configured it (`--contact`): an e-mail address or a
  /// web address.
  var contact: String?

  /// DIGG's form for reporting a lack of accessibility in a public body's digital service.
  static let supervisorURL = "https://www.digg.se/tdosanmalan"
  /// When the service was last assessed and the statement last reviewed.
  static let reviewed = "2026-12-07"

  private func h(_ text: String) -> String { Escape.xml(text) }

  /// `page` with the link to the statement first in its footer: every page of the service has it. Added
  /// to the finished page rather than in the page shell, which `lagkoll check` shares for reports written
  /// to files, where no such page exists.
  static func linked(from page: String, language: Language) -> String {
    guard let footer = page.range(of: "<footer>", options: .backwards) else { return page }
    let link = "/tillganglighet" + (language.say(sv: "", en: "?lang=en"))
    let label = language.say(sv: "Tillgänglighetsredogörelse", en: "Accessibility statement")
    var page = page
    page.replaceSubrange(footer, with: "<footer><p class=\"statement\"><a href=\"\(link)\">\(label)</a></p>")
    return page
  }

  func render() -> String {
    let other: Language = language.say(sv: .en, en: .sv)
    var shell = PageShell(
      language: language,
      title: language.say(sv: "Tillgänglighetsredogörelse – lagkoll", en: "Accessibility statement – lagkoll"),
      eyebrow: language.say(
        sv: "Lag (2018:1937) om tillgänglighet till digital offentlig service",
        en: "Act (2018:1937) on accessibility to digital public services"),
      heading: language.say(sv: "Tillgänglighetsredogörelse", en: "Accessibility statement"), meta: [],
      extraStyle: Markup.pageStyle + SelfCheckPage.style + Self.style, allowsForms: false)
    shell.alternate = (
      "/tillganglighet?lang=\(other.rawValue)", language.say(sv: "In English", en: "På svenska"), other
    )
    let main = language.say(sv: swedish(), en: english())
    return shell.render(main: main, footerNotes: [])
  }

  /// The contact as a link, or what to do when the operator has named none.
  private func contactLink(_ language: Language) -> String {
    guard let contact, !contact.isEmpty else {
      return h(
        language.say(
          sv: "Kontakta den myndighet som driver tjänsten (den har inte angett någon adress här).",
          en: "Contact the authority that runs the service (it has not given an address here)."))
    }
    let href = contact.contains("@") && !contact.contains(":") ? "mailto:" + contact : contact
    return "<a href=\"\(h(href))\">\(h(contact))</a>"
  }

  private func swedish() -> String {
    """
    <section id="om">
    <p>Den myndighet som driver lagkoll står bakom den här tjänsten. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur lagkoll uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, vilka kända tillgänglighetsproblem som finns och hur du kan rapportera brister till oss så att vi kan åtgärda dem.</p>
    </section>
    <section id="hur-tillganglig">
    <h2>Hur tillgänglig är tjänsten?</h2>
    <p>Vi är medvetna om att delar av tjänsten inte är helt tillgängliga. Se avsnittet <a href="#inte-tillgangligt">Innehåll som inte är tillgängligt</a> nedan.</p>
    </section>
    <section id="kontakt">
    <h2>Vad kan du göra om du inte kan använda delar av tjänsten?</h2>
    <p>Om du behöver innehåll från tjänsten som inte är tillgängligt för dig, men som omfattas av lagen, kan du meddela oss: \(contactLink(.sv))</p>
    <h2>Rapportera brister i tjänstens tillgänglighet</h2>
    <p>Vi strävar hela tiden efter att förbättra tjänstens tillgänglighet. Om du upptäcker problem som inte är beskrivna på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns: \(contactLink(.sv))</p>
    </section>
    <section id="tillsyn">
    <h2>Tillsyn</h2>
    <p>Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta DIGG och påtala det: <a href="\(Self.supervisorURL)">anmäl bristande tillgänglighet till DIGG</a>.</p>
    </section>
    <section id="teknisk">
    <h2>Teknisk information om tjänstens tillgänglighet</h2>
    <p>Tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan. Kraven är de i EN 301 549, som för webbsidor är WCAG 2.1 på nivå AA.</p>
    </section>
    <section id="inte-tillgangligt">
    <h2>Innehåll som inte är tillgängligt</h2>
    <h3>Bristande förenlighet med lagkraven</h3>
    <ul>
    <li>Text ur planerna visas som kommunen skrev den. Stycken på andra språk än sidans är inte märkta med sitt språk (WCAG 3.1.2, språk för delar), eftersom planen inte anger det.</li>
    <li>Länets matris har en kolumn per skyldighet. På en smal skärm rullar tabellen i sidled i sin egen ruta i stället för att brytas om; en datatabell behöver sina två dimensioner (WCAG 1.4.10 undantar sådant innehåll). Samma uppgifter finns som CSV-fil.</li>
    </ul>
    <h3>Det vi inte har prövat</h3>
    <ul>
    <li>Tjänsten är prövad i Chromium med automatisk granskning och med tangentbordet, inte med skärmläsare (till exempel NVDA, JAWS eller VoiceOver) eller av användare med funktionsnedsättning.</li>
    <li>Filer att ladda ner (planens original i XML eller JSON, mallen, scheman och CSV-filer) är data för andra program, inte sidor, och granskas inte som sidor.</li>
    </ul>
    </section>
    <section id="hur-testat">
    <h2>Hur vi testat tjänsten</h2>
    <p>Vi har gjort en självskattning (intern testning). Vid varje ändring granskas varje sida (kontrollformuläret och rapporten, inloggningen, kommunens, länets och rikets sidor, inlämningen, administrationen och felsidorna) automatiskt med axe-core 4 i Chromium mot WCAG 2.0 och 2.1 på nivå A och AA. En resa enbart med tangentbordet går från inloggning till inlämning, fynden och återkallelse med synligt fokus i varje steg, och sidorna prövas vid 320 pixlars bredd och 200 % förstoring.</p>
    <p>Senaste bedömningen gjordes den \(Self.reviewed). Redogörelsen uppdaterades senast den \(Self.reviewed).</p>
    </section>

    """
  }

  private func english() -> String {
    """
    <section id="om">
    <p>The authority that runs lagkoll is responsible for this service. We want as many people as possible to be able to use it. This statement describes how lagkoll meets the Act (2018:1937) on accessibility to digital public services, the accessibility problems we know of, and how you can report problems to us so that we can fix them.</p>
    </section>
    <section id="hur-tillganglig">
    <h2>How accessible is the service?</h2>
    <p>We know that parts of the service are not fully accessible. See <a href="#inte-tillgangligt">Content that is not accessible</a> below.</p>
    </section>
    <section id="kontakt">
    <h2>What can you do if you cannot use parts of the service?</h2>
    <p>If you need content from the service that is not accessible to you, but is covered by the Act, tell us: \(contactLink(.en))</p>
    <h2>Reporting accessibility problems</h2>
    <p>We keep working to make the service more accessible. If you find a problem that is not described on this page, or think that we do not meet the requirements of the Act, tell us so that we know about it: \(contactLink(.en))</p>
    </section>
    <section id="tillsyn">
    <h2>Supervision</h2>
    <p>The Agency for Digital Government (DIGG) supervises the Act on accessibility to digital public services. If you are not satisfied with how we handle your comments, you can contact DIGG and tell them: <a href="\(Self.supervisorURL)" hreflang="sv">report a lack of accessibility to DIGG</a> (in Swedish).</p>
    </section>
    <section id="teknisk">
    <h2>Technical information about the service's accessibility</h2>
    <p>The service is partially compliant with the Act on accessibility to digital public services, because of the problems described below. The requirements are those of EN 301 549, which for web pages means WCAG 2.1 at level AA.</p>
    </section>
    <section id="inte-tillgangligt">
    <h2>Content that is not accessible</h2>
    <h3>Non-compliance with the requirements</h3>
    <ul>
    <li>Text from the plans is shown as the municipality wrote it. Passages in a language other than the page's are not marked with their language (WCAG 3.1.2, language of parts), because the plan does not say.</li>
    <li>The county's matrix has a column per obligation. On a narrow screen the table scrolls sideways in its own box instead of reflowing; a data table needs its two dimensions (WCAG 1.4.10 exempts such content). The same figures are available as a CSV file.</li>
    </ul>
    <h3>What we have not tested</h3>
    <ul>
    <li>The service is tested in Chromium with automated checks and with the keyboard, not with screen readers (such as NVDA, JAWS or VoiceOver) or by users with disabilities.</li>
    <li>Files to download (a plan's original XML or JSON, the template, the schemas and CSV files) are data for other programs, not pages, and are not checked as pages.</li>
    </ul>
    </section>
    <section id="hur-testat">
    <h2>How we tested the service</h2>
    <p>We have made a self-assessment (internal testing). At every change, every page (the check form and its report, login, the municipality, county and country pages, the submission, the administration and the error pages) is checked automatically with axe-core 4 in Chromium against WCAG 2.0 and 2.1 at levels A and AA. A keyboard-only journey goes from login to submitting, the findings and withdrawing, with visible focus at every step, and the pages are tried at 320 pixels wide and at 200 % zoom.</p>
    <p>The latest assessment was made on \(Self.reviewed). This statement was last reviewed on \(Self.reviewed).</p>
    </section>

    """
  }

  /// After the self-check page's (the same column, header and language switch).
  static let style = """
    main section { margin: 0 0 1.5rem; }
    main h2 { font-size: 1.25rem; margin: 1.25rem 0 0.5rem; }
    main h3 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }

    """
}
