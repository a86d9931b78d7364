import Hummingbird
import Logging
import NIOHTTP1
import PlanDocument

/// The edge of every request: turns errors into answers (JSON under /api/, a page elsewhere), adds the
/// headers every response carries, and logs one line per request with its id, method, path, status,
/// size and time. Never the query, a body or a plan's content: those are the users' documents.
struct RequestLogMiddleware: RouterMiddleware {
  typealias Context = ServerContext

  /// What is registered: a path that exists without the request's method is answered 405.
  var routes: RouteTable
  /// How long a connection may go on sending a body that was refused before it is closed.
  var refusedBodyLinger: Duration

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let start = ContinuousClock.now
    let requestID = context.logger[metadataKey: "hb.request.id"]?.description ?? "-"
    var response: Response
    do {
      response = try await next(request, context)
      // HEAD runs GET's handler (the router's autoGenerateHeadEndpoints); the answer keeps its headers
      // and loses its body (Content-Length: 0, not GET's length; monitors look at the status).
      if request.method == .head { response.body = ResponseBody() }
    } catch let problem as Problem {
      response = Self.response(for: problem, request: request)
      if problem.status == .contentTooLarge || problem.status == .requestTimeout {
        context.closeConnection(after: refusedBodyLinger)
      }
    } catch let error as HTTPParserError {
      // A body that breaks HTTP's framing (a bad chunk size): Hummingbird answers 400 and closes.
      throw error
    } catch let error as any HTTPResponseError {
      if error.status == .notFound, let allowed = routes.allowedMethods(request.uri.path) {
        // The path exists, the method does not: 405, with the methods it has.
        response = Self.response(for: Self.problem(for: .methodNotAllowed), request: request)
        response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
      } else {
        response = Self.response(for: Self.problem(for: error.status), request: request)
      }
    } catch {
      context.logger.error("request failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
      response = Self.response(
        for: Problem(
          .internalServerError, "internal", sv: "ett internt fel inträffade", en: "an internal error occurred"),
        request: request)
    }
    response.headers[.init("X-Request-Id")!] = requestID
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[.init("Referrer-Policy")!] = "no-referrer"
    if response.headers[.contentType]?.hasPrefix("text/html") == true {
      response.headers[.contentSecurityPolicy] = SelfCheckPage.contentSecurityPolicy
      response.headers[.init("X-Frame-Options")!] = "DENY"
    }
    let elapsed = ContinuousClock.now - start
    context.logger.info(
      "request",
      metadata: [
        "method": .string(request.method.rawValue),
        "path": .string(request.uri.path),
        "status": .stringConvertible(response.status.code),
        "bytesIn": .string(request.headers[.contentLength] ?? "-"),
        "ms": .string(String((elapsed / .milliseconds(1) * 100).rounded() / 100)),
      ])
    return response
  }

  /// A framework error (no such route, wrong method) as a problem of ours.
  static func problem(for status: HTTPResponse.Status) -> Problem {
    switch status {
    case .notFound: .notFound
    case .methodNotAllowed:
      Problem(
        .methodNotAllowed, "method-not-allowed", sv: "metoden är inte tillåten här", en: "method not allowed here")
    case .contentTooLarge:
      Problem(.contentTooLarge, "too-large", sv: "begäran är för stor", en: "the request is too large")
    default:
      Problem(status, "http-\(status.code)", sv: "begäran kunde inte besvaras", en: "the request could not be answered")
    }
  }

  /// JSON for the API, the self-check page with a notice for people.
  static func response(for problem: Problem, request: Request) -> Response {
    let language = request.uri.queryParameters["lang"].flatMap { Language(rawValue: String($0)) } ?? .sv
    if request.uri.path.hasPrefix("/api/") {
      return .text(problem.json(language), status: problem.status, type: "application/json", cache: false)
    }
    if problem.status == .unauthorized || problem.status == .forbidden {
      return .html(AccessPage.render(problem, language: language), language: language, status: problem.status)
    }
    return .html(
      SelfCheckPage.render(language: language, problem: problem.message.text(language)), language: language,
      status: problem.status)
  }
}
