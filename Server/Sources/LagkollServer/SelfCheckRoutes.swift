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

  func page(_ request: Request, context: ServerContext) -> Response {
    let language = Self.language(request.uri.queryParameters["lang"].map(String.init))
    return .text(
      SelfCheckPage.render(language: language, asOf: Today.inSweden(), maxSize: settings.maxBodySize),
      type: "text/html; charset=utf-8", cache: false)
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
      .text(
        SelfCheckPage.render(
          language: language, problem: problem.message.text(language), asOf: Today.inSweden(),
          maxSize: settings.maxBodySize),
        status: problem.status, type: "text/html; charset=utf-8", cache: false)
    }
    var asOf = Today.inSweden()
    if let text = form.text("asOf")?.trimmingWhitespace(), !text.isEmpty {
      guard let date = CivilDate(text) else { return fail(.badAsOf(text)) }
      asOf = date
    }
    let plan: (bytes: [UInt8], name: String)
    if let file = form.field("plan"), !file.value.isEmpty {
      plan = (file.value, Self.uploadName(file.fileName, language))
    } else if let pasted = form.field("text"), pasted.value.contains(where: { $0 > 0x20 }) {
      plan = (pasted.value, language == .sv ? "inklistrad text" : "pasted text")
    } else {
      return fail(.empty)
    }
    guard plan.bytes.count <= settings.maxBodySize else { return fail(.tooLarge(limit: settings.maxBodySize)) }
    let report = await service.checkInBackground(
      plan.bytes, name: plan.name, format: DocumentReader.format(forPath: plan.name), asOf: asOf)
    return .text(
      SelfCheckPage.reportPage(service.html(report, language: reportLanguage), language: language),
      status: report.hasUnreadable ? .unprocessableContent : .ok, type: "text/html; charset=utf-8", cache: false)
  }

  static func language(_ text: String?) -> Language {
    text.flatMap { Language(rawValue: $0) } ?? .sv
  }

  /// The uploaded file's own name, without any folder a browser may send, and not too long; the
  /// reporter escapes it like any text from a document.
  static func uploadName(_ sent: String?, _ language: Language) -> String {
    let base = (sent ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    let trimmed = String(base.trimmingWhitespace().prefix(120))
    return trimmed.isEmpty ? (language == .sv ? "uppladdad fil" : "uploaded file") : trimmed
  }
}
