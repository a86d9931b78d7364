import Hummingbird
import PlanDocument
import Reporting
import RuleEngine

/// `GET /` and `POST /`: the self-check page and its form. Works without JavaScript: the form posts, the
/// answer is the report page of `lagkoll check --format html`. Nothing is stored.
struct SelfCheckRoutes: Sendable {
  var settings: ServiceSettings
  var service: CheckService

  /// Room for the form's other fields and the multipart framing around the plan itself.
  static let formOverhead = 64 << 10

  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self).get("/", use: page).post("/", use: check)
  }

  func page(_ request: Request, context: ServerContext) -> Response {
    let language = Self.language(request.uri.queryParameters["lang"].map(String.init))
    return .html(
      SelfCheckPage.render(language: language, asOf: Today.inSweden(at: settings.now()), maxSize: settings.maxBodySize),
      language: language)
  }

  func check(_ request: Request, context: ServerContext) async throws -> Response {
    var language = Self.language(request.uri.queryParameters["lang"].map(String.init))
    let contentType = request.headers[.contentType] ?? ""
    let bytes = try await BodyReader.read(
      request, limit: settings.maxBodySize + Self.formOverhead, timeout: settings.bodyTimeout)
    guard let form = FormData.parse(bytes, contentType: contentType) else {
      throw Problem(
        .badRequest, "bad-form", sv: "formuläret kunde inte läsas", en: "the form could not be read")
    }
    language = Self.language(form.text("ui") ?? language.rawValue)
    let reportLanguage = Self.language(form.text("lang") ?? language.rawValue)
    func fail(_ problem: Problem) -> Response {
      .html(
        SelfCheckPage.render(
          language: language, problem: problem.message.text(language), invalid: Self.fields(problem),
          asOf: Today.inSweden(at: settings.now()), maxSize: settings.maxBodySize),
        language: language, status: problem.status)
    }
    var asOf = Today.inSweden(at: settings.now())
    if let text = form.text("asOf")?.trimmingWhitespace(), !text.isEmpty {
      guard let date = CivilDate(text) else { return fail(.badAsOf(text)) }
      asOf = date
    }
    let plan: (bytes: [UInt8], name: String, field: String)
    if let file = form.field("plan"), !file.value.isEmpty {
      plan = (file.value, Self.uploadName(file.fileName, language), "plan")
    } else if let pasted = form.field("text"), pasted.value.contains(where: { $0 > 0x20 }) {
      plan = (pasted.value, language.say(sv: "inklistrad text", en: "pasted text"), "text")
    } else {
      return fail(.empty)
    }
    guard plan.bytes.count <= settings.maxBodySize else { return fail(.tooLarge(limit: settings.maxBodySize)) }
    let reviewed = await service.reviewInBackground(
      plan.bytes, name: plan.name, format: DocumentReader.format(forPath: plan.name), asOf: asOf,
      language: reportLanguage)
    // A document that is not a plan (or not one this lagkoll reads): the form again, with the reason.
    if let unreadable = reviewed.report.unreadableFiles.first {
      return fail(
        Self.unreadable(
          unreadable, field: plan.field, isBinary: DocxReader.recognises(plan.bytes), language))
    }
    let copy = reviewed.copy.map { SelfCheckPage.ReviewedCopy(bytes: $0, fileName: Self.reviewedName(plan.name)) }
    return .html(
      SelfCheckPage.reportPage(service.html(reviewed.report, language: reportLanguage), language: language, copy: copy),
      language: language)
  }

  /// Why a document could not be read, as the report says it: the file, the place in its text (a Word
  /// document is an archive, so its place is in the message), and the reader's reason.
  static func unreadable(_ file: FileResult, field: String, isBinary: Bool, _ language: Language) -> Problem {
    var place = ""
    // An archive or a Word 97 file has no line to point at: the reader names the part in its reason.
    if file.format != .docx, !isBinary, let location = file.readError?.location {
      place = language.say(
        sv: ", rad \(location.line), kolumn \(location.column)",
        en: ", line \(location.line), column \(location.column)")
    }
    let reason = file.readError?.message.text(language) ?? ""
    let text = "\(file.path)\(place): \(reason)"
    return Problem(.unprocessableContent, "unreadable-\(field)", sv: text, en: text)
  }

  /// `plan.docx` → `plan-granskad.docx` (`reviewed` in English would name a Swedish document oddly: the
  /// copy's name follows the CLI's example, `--output plan-granskad.docx`).
  static func reviewedName(_ name: String) -> String {
    let base = name.lowercased().hasSuffix(".docx") ? String(name.dropLast(5)) : "plan"
    return base + "-granskad.docx"
  }

  /// The form's fields a problem is about.
  static func fields(_ problem: Problem) -> Set<String> {
    switch problem.code {
    case "bad-as-of": ["asOf"]
    case "empty": ["plan", "text"]
    case "too-large", "unreadable-plan": ["plan"]
    case "unreadable-text": ["text"]
    default: []
    }
  }

  static func language(_ text: String?) -> Language {
    text.flatMap { Language(rawValue: $0) } ?? .sv
  }

  /// The uploaded file's own name, without any folder a browser may send, and not too long; the
  /// reporter escapes it like any text from a document.
  static func uploadName(_ sent: String?, _ language: Language) -> String {
    let base = (sent ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    let trimmed = String(base.trimmingWhitespace().prefix(120))
    return trimmed.isEmpty ? (language.say(sv: "uppladdad fil", en: "uploaded file")) : trimmed
  }
}
