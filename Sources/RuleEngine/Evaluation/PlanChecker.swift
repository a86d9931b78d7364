import Dispatch
import PlanDocument

/// Reads and checks plan documents, several at once on all cores.
public struct PlanChecker: Sendable {
  public var evaluator: Evaluator
  public var options: EvaluationOptions
  public var limits: ReadLimits
  /// Findings at or above this make a file fail; nil never fails.
  public var failOn: Severity?
  /// Treat a named file that is not a plan as skipped rather than as an error (the pre-commit hook).
  public var skipForeign: Bool
  /// Severity overrides and suppressions of a `.lagkoll.yaml`.
  public var configuration: Configuration
  /// The rule set's obligations with the role `inaktuell`, for every file's result.
  private let outdatedObligations: Set<String>

  public init(
    ruleSet: RuleSet, options: EvaluationOptions, limits: ReadLimits = .default, failOn: Severity? = .error,
    skipForeign: Bool = false, configuration: Configuration = Configuration()
  ) {
    self.evaluator = Evaluator(ruleSet: ruleSet)
    self.outdatedObligations = Set(ruleSet.obligations(with: .marksOutdated))
    self.options = options
    self.limits = limits
    self.failOn = failOn
    self.skipForeign = skipForeign
    self.configuration = configuration
  }

  public func check(_ inputs: [InputFile]) -> CheckReport {
    let results = UnsafeMutableBufferPointer<FileResult?>.allocate(capacity: inputs.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    // Each index is written by exactly one iteration, so the buffer needs no lock.
    nonisolated(unsafe) let output = results
    DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
      output[index] = check(inputs[index])
    }
    return report(results.map { $0! })
  }

  /// The report of files already checked.
  public func report(_ files: [FileResult]) -> CheckReport {
    CheckReport(
      asOf: options.asOf, rulesetVersion: evaluator.ruleSet.version, failOn: failOn, files: files,
      configuration: configuration.notice(for: evaluator.ruleSet))
  }

  public func check(_ input: InputFile) -> FileResult {
    check(input, read: PlanChecker.read(input, limits: limits))
  }

  /// Reads `input` as `check` does. Reading needs no rule set, so the command line may read a plan
  /// while the rule set is still being decoded. nil for an input already skipped or found unreadable
  /// when it was collected.
  public static func read(_ input: InputFile, limits: ReadLimits) -> Result<Document, ReadError>? {
    if input.skipped != nil || input.unreadable != nil { return nil }
    do {
      return .success(try DocumentReader.read(file: input.path, rawPath: input.rawPath, limits: limits))
    } catch {
      return .failure(error)
    }
  }

  /// Checks `input` given what `read` gave for it (with this checker's limits). `read` is taken over,
  /// so that a large document's last reference is the one let go on the release queue.
  public func check(_ input: InputFile, read: consuming Result<Document, ReadError>?) -> FileResult {
    let document: Document
    switch consume read {
    case nil:
      return FileResult(
        path: input.path, format: DocumentReader.format(forPath: input.path), kommun: nil,
        status: input.skipped == nil ? .unreadable : .skipped, findings: [],
        readError: input.skipped ?? input.unreadable)
    case .failure(let error):
      let skip = error.kind == .foreign && (!input.named || skipForeign)
      return FileResult(
        path: input.path, format: DocumentReader.format(forPath: input.path), kommun: nil,
        status: skip ? .skipped : .unreadable, findings: [], readError: error)
    case .success(let read):
      document = read
    }
    let result = result(for: document)
    if BackgroundRelease.isLarge(input.path) { BackgroundRelease.release(consume document) }
    return result
  }

  /// Checks a document given as bytes rather than a file (the server's uploads). `name` stands for the
  /// file in the report; a document that is not a plan is unreadable, as a named file is.
  public func check(bytes: [UInt8], name: String, format: SourceFormat?) -> CheckReport {
    let file: FileResult
    do {
      file = result(for: try DocumentReader.parse(bytes, file: name, format: format, limits: limits))
    } catch {
      file = FileResult(path: name, format: format, kommun: nil, status: .unreadable, findings: [], readError: error)
    }
    return CheckReport(asOf: options.asOf, rulesetVersion: evaluator.ruleSet.version, failOn: failOn, files: [file])
  }

  /// Checks a document already read.
  public func result(for document: Document) -> FileResult {
    let (found, deadlines) = evaluator.evaluateWithDeadlines(document, options: options)
    let findings = configuration.apply(to: found, file: document.file, asOf: options.asOf)
    typealias Name = PlanFormat.Name
    let kommun = document.root[Name.kommun].map {
      KommunInfo(namn: $0[Name.namn]?.string, kod: $0[Name.kod]?.string, lan: $0[Name.lan]?.string)
    }
    // Not ready when an error counts, whatever --fail-on says: the threshold decides the exit code only.
    let failed = findings.contains { $0.severity == .error && $0.suppression == nil }
    return FileResult(
      path: document.file, format: document.format, kommun: kommun, status: failed ? .failed : .passed,
      findings: findings, readError: nil, deadlines: deadlines,
      outdatedObligations: outdatedObligations)
  }
}
