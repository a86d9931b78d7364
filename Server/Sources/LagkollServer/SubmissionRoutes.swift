import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import PlanDocument
import Reporting
import RuleEngine
import Store

/// `POST /api/v1/submissions` and `GET /api/v1/submissions/{id}[/raw]`: a kommun hands in its plan, and
/// those who may see it read it back. A submission is answered 201 only after it is on disk.
struct SubmissionRoutes: Sendable {
  var settings: ServiceSettings
  var service: CheckService
  var accounts: AccountSettings

  /// The API and the pages of one submission.
  var endpoints: RouteCollection<ServerContext> {
    let pages = SubmissionPageRoutes(submissions: self)
    return RouteCollection(context: ServerContext.self)
      .post("/api/v1/submissions", use: submit)
      .get("/api/v1/submissions/:id", use: show)
      .get("/api/v1/submissions/:id/raw", use: raw)
      .post("/api/v1/submissions/:id/withdrawal", use: pages.withdrawAPI)
      .get("/submissions/:id", use: pages.page)
      .post("/submissions/:id/withdraw", use: pages.withdrawForm)
  }

  func submit(_ request: Request, context: ServerContext) async throws -> Response {
    let identity = try await accounts.require(request)
    // A browser's session must show the page's token: a cookie alone never submits.
    try identity.checkHeaderToken(request)
    let format = try CheckAPIRoutes.format(contentType: request.headers[.contentType])
    let bytes = try await BodyReader.read(request, limit: settings.maxBodySize, timeout: settings.bodyTimeout)
    let stored: Submission
    switch try await store(bytes, format: format, by: identity, context: context) {
    case .unreadable(let json):
      return .text(json, status: .unprocessableContent, type: "application/json", cache: false)
    case .stored(let submission): stored = submission
    }
    var response = Response.text(
      Self.document(stored, includeSubmitter: false), status: .created, type: "application/json", cache: false)
    response.headers[.location] = "/api/v1/submissions/\(stored.id)"
    return response
  }

  enum Outcome {
    case stored(Submission)
    /// The plan could not be read: the report (JSON) that says where; nothing stored.
    case unreadable(String)
  }

  /// Checks and stores a plan for the identity's kommun; the API and the kommun page's form both
  /// submit through here. Throws the problem to answer: 403 for a role that does not submit or a plan
  /// of another kommun, 422 for a plan that names no kommun, 503 when the database cannot write.
  func store(_ bytes: [UInt8], format: SourceFormat?, by identity: Identity, context: ServerContext) async throws
    -> Outcome
  {
    guard case .samordnare(let own) = identity.user.role else { throw Problem.forbidden }
    guard !bytes.isEmpty else { throw Problem.empty }
    let now = accounts.now()
    let report = await service.checkInBackground(bytes, name: "plan", format: format, asOf: Today.inSweden(at: now))
    let json = service.json(report, language: .sv)
    // Not stored: an unreadable plan names no kommun, and the coordinator needs the position to fix it.
    if report.hasUnreadable { return .unreadable(json) }
    guard let file = report.files.first, let kod = file.kommun?.kod, !kod.isEmpty else {
      throw Problem(
        .unprocessableContent, "no-kommun", sv: "planen anger ingen kommunkod (kommun.kod)",
        en: "the plan states no municipality code (kommun.kod)")
    }
    guard kod == own else { throw Problem.forbidden }
    do {
      // The bytes as they came (a Word document too), under the media type of the form they were read as.
      let stored = try await accounts.database.submit(
        NewSubmission(
          kommun: kod, submitter: identity.user.email, ruleSetVersion: report.rulesetVersion,
          contentType: (file.format ?? .xml).mediaType, bytes: bytes, findings: json,
          errors: report.count(.error), warnings: report.count(.warning), ready: file.verdict.isReady,
          planDatum: nil),
        at: now)
      service.metrics.submission()
      return .stored(stored)
    } catch let error as StoreError {
      context.logger.error("submission not stored", metadata: ["error": .string(error.description)])
      throw Problem.store(
        error, sv: "inlämningen kunde inte sparas och är inte mottagen",
        en: "the submission could not be saved and was not received")
    }
  }

  func show(_ request: Request, context: ServerContext) async throws -> Response {
    let submission = try await visible(request, context: context)
    return .text(Self.document(submission, includeSubmitter: true), type: "application/json", cache: false)
  }

  func raw(_ request: Request, context: ServerContext) async throws -> Response {
    let submission = try await visible(request, context: context)
    // The exact bytes, as a download: never shown as a page of this site, whatever they contain.
    let form = SourceFormat(mediaType: submission.contentType) ?? .xml
    return Response(
      status: .ok,
      headers: [
        .contentType: submission.contentType, .cacheControl: "no-store",
        .contentDisposition:
          "attachment; filename=\"plan-\(submission.id).\(form.rawValue)\"",
        .contentSecurityPolicy: "sandbox; default-src 'none'",
        .init("X-Content-SHA256")!: submission.sha256,
      ],
      body: .init(byteBuffer: ByteBuffer(bytes: submission.bytes)))
  }

  /// The submission the path names, if the caller may see it: 401 without an identity, and 404 both
  /// for an id that does not exist and for one of a kommun the caller may not see, so that nobody
  /// learns which ids exist elsewhere.
  func visible(_ request: Request, context: ServerContext) async throws -> Submission {
    try await visibleWithIdentity(request, context: context).0
  }

  func visibleWithIdentity(_ request: Request, context: ServerContext) async throws -> (Submission, Identity) {
    let identity = try await accounts.require(request)
    guard let id = context.parameters.get("id"), id.count == 32, id.allSatisfy(\.isHexDigit),
      let submission = try await accounts.database.submission(id: id.lowercased()),
      identity.user.role.maySee(
        kommun: submission.kommun, county: service.ruleSet.municipalities[submission.kommun]?.countyCode)
    else { throw Problem.notFound }
    return (submission, identity)
  }

  /// `{id, kommun, receivedAt, sha256, rulesetVersion, verdict, findings, summary}` from the stored report,
  /// read as the `ReportDocument` `JSONReporter` wrote, so that the compiler holds both ends to one shape.
  static func document(_ submission: Submission, includeSubmitter: Bool) -> String {
    let report = StoredFinding.report(submission)
    let file = report?.files.first
    let shown = SubmissionDocument(
      id: submission.id, kommun: submission.kommun, receivedAt: submission.receivedAt.formatted(.iso8601),
      sha256: submission.sha256, size: submission.bytes.count, rulesetVersion: submission.ruleSetVersion,
      verdict: file?.verdict, findings: file?.findings ?? [], summary: report?.summary,
      raw: "/api/v1/submissions/\(submission.id)/raw", submitter: includeSubmitter ? submission.submitter : nil,
      withdrawn: submission.withdrawal.map {
        SubmissionDocument.Withdrawal(by: $0.by, at: $0.at.formatted(.iso8601), reason: $0.reason)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(shown)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

/// A submission as the API shows it (OpenAPI's `Submission`): its record and the stored report's
/// verdict, findings and summary. `withdrawn` and `verdict` are null rather than absent.
struct SubmissionDocument: Encodable {
  var id, kommun, receivedAt, sha256: String
  var size: Int
  var rulesetVersion: String
  var verdict: String?
  var findings: [ReportDocument.Finding]
  var summary: ReportDocument.Summary?
  var raw: String
  /// Only for those who may see who submitted (not in the answer to the submitter's own POST).
  var submitter: String?
  var withdrawn: Withdrawal?

  struct Withdrawal: Encodable {
    var by, at, reason: String
  }

  enum CodingKeys: String, CodingKey {
    case id, kommun, receivedAt, sha256, size, rulesetVersion, verdict, findings, summary, raw, submitter, withdrawn
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(kommun, forKey: .kommun)
    try container.encode(receivedAt, forKey: .receivedAt)
    try container.encode(sha256, forKey: .sha256)
    try container.encode(size, forKey: .size)
    try container.encode(rulesetVersion, forKey: .rulesetVersion)
    try container.encode(verdict, forKey: .verdict)
    try container.encode(findings, forKey: .findings)
    try container.encode(summary, forKey: .summary)
    try container.encode(raw, forKey: .raw)
    try container.encodeIfPresent(submitter, forKey: .submitter)
    try container.encode(withdrawn, forKey: .withdrawn)
  }
}
