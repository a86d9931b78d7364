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

  /// `check`, off Swift's cooperative threads: checking is CPU work that can take a while for a large
  /// document, and the threads that read and write other connections' requests must stay free.
  public func checkInBackground(_ bytes: [UInt8], name: String, format: SourceFormat?, asOf: CivilDate) async
    -> CheckReport
  {
    let start = ContinuousClock.now
    let report = await withCheckedContinuation { continuation in
      CheckService.queue.async {
        continuation.resume(returning: check(bytes, name: name, format: format, asOf: asOf))
      }
    }
    metrics.check(duration: ContinuousClock.now - start)
    return report
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
