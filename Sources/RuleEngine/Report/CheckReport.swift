/// The result of one run over many files.
public struct CheckReport: Sendable {
  public var asOf: CivilDate
  public var rulesetVersion: String
  public var failOn: Severity?
  public var files: [FileResult]
  /// The configuration file used and what it changed; nil without one.
  public var configuration: ConfigurationNotice? = nil

  /// A report assembled from checks made one by one (the service's county view).
  public init(
    asOf: CivilDate, rulesetVersion: String, failOn: Severity?, files: [FileResult],
    configuration: ConfigurationNotice? = nil
  ) {
    self.asOf = asOf
    self.rulesetVersion = rulesetVersion
    self.failOn = failOn
    self.files = files
    self.configuration = configuration
  }

  public func count(_ severity: Severity) -> Int { files.reduce(0) { $0 + $1.count(severity) } }
  public var hasUnreadable: Bool { files.contains { $0.status == .unreadable } }
  /// Whether a finding that counts is at or above `failOn`: exit code 1. The verdicts do not depend on it.
  public var exceedsFailOn: Bool { files.contains { $0.exceeds(failOn) } }
  /// The files that could not be read, in report order.
  public var unreadableFiles: [FileResult] { files.filter { $0.status == .unreadable } }
  /// Whether any plan document was read (checked or found unreadable): an input set with none at all
  /// (an empty or misspelled folder, only foreign files) is an error.
  public var hasPlanDocuments: Bool { files.contains { $0.status != .skipped } }
}
