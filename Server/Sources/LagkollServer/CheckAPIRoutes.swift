import Foundation
import Hummingbird
import HummingbirdCore
import PlanDocument
import Reporting
import RuleEngine

/// `POST /api/v1/check` and the documents around it: the API's description, the template and schemas.
struct CheckAPIRoutes: Sendable {
  var settings: ServiceSettings
  var service: CheckService

  /// Added at `/api/v1`.
  var endpoints: RouteCollection<ServerContext> {
    RouteCollection(context: ServerContext.self)
      .post("check", use: check)
      .get("openapi.yaml", use: openAPI)
      .get("template.xml") { request, _ in try template(request, format: .xml) }
      .get("template.json") { request, _ in try template(request, format: .json) }
      .get("template.docx") { request, _ in try template(request, format: .docx) }
      .get("schema.xsd") { _, _ in schema(.xml) }
      .get("schema.json") { _, _ in schema(.json) }
  }

  /// The JSON report of `lagkoll check --format json`, without file paths: 200 when the plan was read
  /// (whatever its findings), 422 when it could not be (the report says where), 4xx for a request
  /// that is not a plan at all. A client that accepts Word's media type gets the reviewed copy of a
  /// Word plan instead (`lagkoll check plan.docx --format docx`), its verdict in `Lagkoll-Verdict`.
  func check(_ request: Request, context: ServerContext) async throws -> Response {
    let query = try CheckQuery(request.uri)
    let format = try Self.format(contentType: request.headers[.contentType])
    let wantsCopy = Self.acceptsReviewedCopy(request.headers[.accept])
    let bytes = try await BodyReader.read(request, limit: settings.maxBodySize, timeout: settings.bodyTimeout)
    let asOf = query.asOf ?? Today.inSweden(at: settings.now())
    let report: CheckReport
    if wantsCopy {
      let reviewed = await service.reviewInBackground(
        bytes, name: "plan", format: format, asOf: asOf, language: query.language)
      if let copy = reviewed.copy, let file = reviewed.report.files.first {
        return Self.reviewedCopy(copy, verdict: file.verdict)
      }
      guard reviewed.report.hasUnreadable else { throw Problem.reviewedCopyOfWordOnly }
      report = reviewed.report
    } else {
      report = await service.checkInBackground(bytes, name: "plan", format: format, asOf: asOf)
    }
    return .text(
      service.json(report, language: query.language), status: report.hasUnreadable ? .unprocessableContent : .ok,
      type: "application/json", cache: false)
  }

  /// Whether `Accept` asks for Word's media type (with a quality above 0): the reviewed copy.
  static func acceptsReviewedCopy(_ accept: String?) -> Bool {
    guard let accept else { return false }
    return accept.split(separator: ",").contains { item in
      let type = MediaType(String(item))
      return type.essence == SourceFormat.docxMediaType && (type.parameters["q"].flatMap(Double.init) ?? 1) > 0
    }
  }

  /// The reviewed copy as a download, never shown as a page of this site (`nosniff` is on every response).
  static func reviewedCopy(_ bytes: [UInt8], verdict: Verdict) -> Response {
    Response(
      status: .ok,
      headers: [
        .contentType: SourceFormat.docxMediaType, .cacheControl: "no-store",
        .contentDisposition: "attachment; filename=\"plan-granskad.docx\"",
        .init("Lagkoll-Verdict")!: verdict.rawValue,
      ],
      body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  /// The reader a content type asks for: XML or JSON by name, the first byte for text and octet
  /// streams (and no type at all), anything else is not a plan.
  static func format(contentType: String?) throws -> SourceFormat? {
    guard let contentType else { return nil }
    let essence = MediaType(contentType).essence
    switch essence {
    case "application/xml", "text/xml": return .xml
    case "application/json", "text/json": return .json
    case SourceFormat.docxMediaType: return .docx
    case "text/plain", "application/octet-stream", "": return nil
    default:
      if essence.hasSuffix("+xml") { return .xml }
      if essence.hasSuffix("+json") { return .json }
      throw Problem.unsupportedMediaType(essence)
    }
  }

  func openAPI(_ request: Request, context: ServerContext) -> Response {
    .text(OpenAPIDocument.yaml, type: "application/yaml; charset=utf-8", cache: true)
  }

  /// `lagkoll init`'s template, for a kommun (`?kommun=1282`) or with placeholders.
  func template(_ request: Request, format: SourceFormat) throws -> Response {
    var namn = PlanTemplate.unknownKommunNamn
    var kod = PlanTemplate.unknownKommunKod
    var lan: String? = nil
    if let given = request.uri.queryParameters["kommun"].map(String.init), !given.isEmpty {
      guard let municipality = service.ruleSet.municipalities[given] else {
        throw Problem(
          .notFound, "unknown-kommun",
          sv: "okänd kommunkod \"\(given)\": ange SCB:s fyrsiffriga kommunkod, t.ex. 1282",
          en: "unknown municipality code \"\(given)\": give Statistics Sweden's four-digit code, e.g. 1282")
      }
      (namn, kod, lan) = (municipality.name, municipality.code, municipality.county)
    }
    let name = "plan.\(format.rawValue)"
    let disposition: HTTPFields = [.contentDisposition: "attachment; filename=\"\(name)\""]
    if format == .docx {
      let language = try CheckQuery(request.uri).language
      let bytes = try PlanTemplate.renderDocx(kommunNamn: namn, kommunKod: kod, lan: lan, language: language)
      var response = Response(
        status: .ok, headers: disposition, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
      response.headers[.contentType] = SourceFormat.docxMediaType
      response.headers[.cacheControl] = "public, max-age=3600"
      return response
    }
    let text = PlanTemplate.render(format: format, kommunNamn: namn, kommunKod: kod, lan: lan)
    return .text(
      text, type: format == .xml ? "application/xml; charset=utf-8" : "application/json", cache: true,
      headers: disposition)
  }

  /// `lagkoll schema xsd|json`.
  func schema(_ format: SourceFormat) -> Response {
    switch format {
    // A Word plan has no schema of its own: its tree is the one the XML Schema describes.
    case .xml, .docx: .text(SchemaGenerator.xmlSchema(), type: "application/xml; charset=utf-8", cache: true)
    case .json: .text(SchemaGenerator.jsonSchema(), type: "application/schema+json", cache: true)
    }
  }
}

/// `?asOf=YYYY-MM-DD&lang=sv|en`, both optional.
struct CheckQuery: Sendable {
  var asOf: CivilDate?
  var language: Language

  init(_ uri: URI) throws {
    let parameters = uri.queryParameters
    language = .sv
    if let lang = parameters["lang"].map(String.init), !lang.isEmpty {
      guard let chosen = Language(rawValue: lang) else { throw Problem.badLanguage(lang) }
      language = chosen
    }
    if let text = parameters["asOf"].map(String.init), !text.isEmpty {
      guard let date = CivilDate(text) else { throw Problem.badAsOf(text) }
      asOf = date
    }
  }
}

/// Today's date in Sweden: the as-of date when a request names none.
enum Today {
  /// The date in Sweden at an instant the edge has read from its clock: the same computation as the
  /// command line's (`CivilDate.swedishDay`), so both answer alike around midnight and clock changes.
  static func inSweden(at instant: Date) -> CivilDate {
    CivilDate.swedishDay(secondsSinceEpoch: Int(instant.timeIntervalSince1970.rounded(.down)))
  }
}
