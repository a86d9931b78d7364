import Dispatch
import PlanDocument
import Reporting
import RuleEngine

/// The engine as the server uses it: one document's bytes in, the report of `lagkoll check` out. It knows
/// nothing of HTTP; the routes turn its results into responses.
public struct CheckService: Sendable {
  public let ruleSet: RuleSet
  /// The reader's limits; the file size limit is the request body limit.
  public let limits: ReadLimits
  /// What the service counts for `/metrics`; the routes add to it as they answer.
  public let metrics: ServiceMetrics

  public init(ruleSet: RuleSet, maxDocumentSize: Int, metrics: ServiceMetrics = ServiceMetrics()) {
    self.ruleSet = ruleSet
    self.limits = ReadLimits(maxFileSize: maxDocumentSize, maxDepth: ReadLimits.default.maxDepth)
    self.metrics = metrics
  }

  /// Checks one document as of a date. `name` stands for the file in the report: the uploaded file's
  /// name, or a word for pasted text. Never throws: an unreadable document is a report that says so.
  public func check(_ bytes: [UInt8], name: String, format: SourceFormat?, asOf: CivilDate) -> CheckReport {
    let checker = PlanChecker(ruleSet: ruleSet, options: EvaluationOptions(asOf: asOf), limits: limits)
    return checker.check(bytes: bytes, name: name, format: format)
  }

  /// A report, and for a Word plan that could be read, the reviewed copy of `lagkoll check plan.docx
  /// --format docx`: the coordinator's own document with a comment by lagkoll at each finding.
  public struct Reviewed: Sendable {
    public var report: CheckReport
    /// Nil for an XML or JSON plan, an unreadable document, or a copy that could not be written.
    public var copy: [UInt8]?
  }

  /// `check`, and the reviewed copy when the document is a Word plan, from one reading of the document.
  /// The copy's comments are in `language`, the report's language.
  public func review(_ bytes: [UInt8], name: String, format: SourceFormat?, asOf: CivilDate, language: Language)
    -> Reviewed
  {
    let checker = PlanChecker(ruleSet: ruleSet, options: EvaluationOptions(asOf: asOf), limits: limits)
    guard let document = try? DocumentReader.parse(bytes, file: name, format: format, limits: limits) else {
      // The checker reads it again to report why it cannot be read, with the place.
      return Reviewed(report: checker.check(bytes: bytes, name: name, format: format))
    }
    let result = checker.result(for: document)
    let report = CheckReport(
      asOf: asOf, rulesetVersion: ruleSet.version, failOn: checker.failOn, files: [result])
    guard document.format == .docx else { return Reviewed(report: report) }
    let copy = try? DocxReviewer.reviewedCopy(
      original: bytes, document: document, result: result, asOf: asOf, language: language)
    return Reviewed(report: report, copy: copy)
  }

  /// `check`, off Swift's cooperative threads: checking is CPU work that can take a while for a large
  /// document, and the threads that read and write other connections' requests must stay free.
  public func checkInBackground(_ bytes: [UInt8], name: String, format: SourceFormat?, asOf: CivilDate) async
    -> CheckReport
  {
    await inBackground { check(bytes, name: name, format: format, asOf: asOf) }
  }

  /// `review`, off Swift's cooperative threads as `checkInBackground`.
  public func reviewInBackground(
    _ bytes: [UInt8], name: String, format: SourceFormat?, asOf: CivilDate, language: Language
  ) async -> Reviewed {
    await inBackground { review(bytes, name: name, format: format, asOf: asOf, language: language) }
  }

  private func inBackground<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
    let start = ContinuousClock.now
    let result = await withCheckedContinuation { continuation in
      CheckService.queue.async { continuation.resume(returning: work()) }
    }
    metrics.check(duration: ContinuousClock.now - start)
    return result
  }

  private static let queue = DispatchQueue(label: "lagkoll.check", qos: .userInitiated, attributes: .concurrent)

  /// The JSON of `lagkoll check --format json`, without file paths.
  public func json(_ report: CheckReport, language: Language) -> String {
    JSONReporter(language: language, includesPaths: false).render(report)
  }

  /// The page of `lagkoll check --format html`.
  public func html(_ report: CheckReport, language: Language) -> String {
    HTMLReporter(language: language, ruleSet: ruleSet).render(report)
  }
}
