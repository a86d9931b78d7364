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
    let plan: (bytes: [UInt8], name: String)
    if let file = form.field("plan"), !file.value.isEmpty {
      plan = (file.value, Self.uploadName(file.fileName, language))
    } else if let pasted = form.field("text"), pasted.value.contains(where: { $0 > 0x20 }) {
      plan = (pasted.value, language.say(sv: "inklistrad text", en: "pasted text"))
    } else {
      return fail(.empty)
    }
    guard plan.bytes.count <= settings.maxBodySize else { return fail(.tooLarge(limit: settings.maxBodySize)) }
    let report = await service.checkInBackground(
      plan.bytes, name: plan.name, format: DocumentReader.format(forPath: plan.name), asOf: asOf)
    return .html(
      SelfCheckPage.reportPage(service.html(report, language: reportLanguage), language: language),
      language: language, status: report.hasUnreadable ? .unprocessableContent : .ok)
  }

  /// The form's fields a problem is about.
  static func fields(_ problem: Problem) -> Set<String> {
    switch problem.code {
    case "bad-as-of": ["asOf"]
    case "empty": ["plan", "text"]
    case "too-large": ["plan"]
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
