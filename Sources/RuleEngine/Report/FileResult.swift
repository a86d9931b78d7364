import PlanDocument

/// The municipality a document says it is about, as written in it.
public struct KommunInfo: Sendable, Hashable {
  public var namn: String?
  public var kod: String?
  public var lan: String?

  /// Public for the server, which names a submission's kommun as SCB does, not as the plan says.
  public init(namn: String?, kod: String?, lan: String?) {
    self.namn = namn
    self.kod = kod
    self.lan = lan
  }
}

/// What checking one file gave.
public struct FileResult: Sendable {
  public enum Status: String, Sendable {
    /// No error that counts: the plan may be ready (see `verdict` for warnings and outdated parts).
    /// Decided by the findings alone, never by `--fail-on`, which decides only the exit code.
    case passed
    /// At least one error that counts (not suppressed): the plan is not ready.
    case failed
    /// The file could not be read or parsed; `readError` says why.
    case unreadable
    /// Found in a folder search but not a plan document: listed, not checked.
    case skipped
  }

  public var path: String
  public var format: SourceFormat?
  public var kommun: KommunInfo?
  public var status: Status
  public var findings: [Finding]
  public var readError: ReadError?
  /// The dates that follow from the plan: the last day of each duty whose rule reports as time passes
  /// (`Calendar/Deadlines.swift`), coming and passed, in rule order then document order.
  public var deadlines: [Deadline] = []
  /// The obligations whose findings make the document outdated even without an `outdatedSince` date:
  /// the rule set's obligations with the role `inaktuell` (the plan, the lägesbild), set by the checker.
  public var outdatedObligations: Set<String> = []

  /// How many findings of a severity count: suppressed ones do not.
  public func count(_ severity: Severity) -> Int {
    findings.reduce(0) { $0 + ($1.severity == severity && $1.suppression == nil ? $1.weight : 0) }
  }

  public var suppressedCount: Int { findings.reduce(0) { $0 + ($1.suppression == nil ? 0 : $1.weight) } }

  /// Whether a finding that counts is at or above `threshold` (`--fail-on`; nil: never). This decides
  /// the exit code, and nothing else.
  public func exceeds(_ threshold: Severity?) -> Bool {
    guard let threshold else { return false }
    return findings.contains { $0.suppression == nil && $0.severity >= threshold }
  }

  /// The first day something in the document was outdated, over its findings that count.
  public var outdatedSince: CivilDate? {
    findings.lazy.filter { $0.suppression == nil }.compactMap(\.outdatedSince).min()
  }

  /// Whether something in the document is outdated: a finding that counts says since when, or the
  /// plan or the lägesbild is not current.
  public var isOutdated: Bool {
    findings.contains {
      $0.suppression == nil
        && ($0.outdatedSince != nil || ($0.severity >= .warning && outdatedObligations.contains($0.obligation)))
    }
  }

  /// The verdict every format shows, whatever `--fail-on` says: an error that counts means not ready;
  /// something outdated or a warning is never shown as plainly ready.
  public var verdict: Verdict {
    switch status {
    case .unreadable: return .unreadable
    case .skipped: return .skipped
    case .failed: return .notReady
    case .passed:
      if count(.error) > 0 { return .notReady }
      if isOutdated { return .outdated }
      return count(.warning) > 0 ? .readyWithWarnings : .ready
    }
  }
}
