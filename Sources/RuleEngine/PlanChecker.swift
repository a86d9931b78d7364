import Dispatch
import Foundation
import PlanDocument

/// The municipality a document says it is about, as written in it.
public struct KommunInfo: Sendable, Hashable {
  public var namn: String?
  public var kod: String?
  public var lan: String?
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

  /// How many findings of a severity count: suppressed ones do not.
  public func count(_ severity: Severity) -> Int {
    findings.reduce(0) { $0 + ($1.severity == severity && $1.suppression == nil ? 1 : 0) }
  }

  public var suppressedCount: Int { findings.reduce(0) { $0 + ($1.suppression == nil ? 0 : 1) } }

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

  /// The obligations whose findings make a document outdated even without an `outdatedSince` date.
  public static let outdatedObligations: Set<String> = ["atgardsplan.aktuell", "lagesbild.aktualitet"]

  /// Whether something in the document is outdated: a finding that counts says since when, or the
  /// plan or the lägesbild is not current.
  public var isOutdated: Bool {
    findings.contains {
      $0.suppression == nil
        && ($0.outdatedSince != nil || ($0.severity >= .warning && FileResult.outdatedObligations.contains($0.obligation)))
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

/// What a report says about one file, the same in every format.
public enum Verdict: String, Sendable, CaseIterable {
  /// No error or warning that counts.
  case ready
  /// No error, but warnings (mostly guidance, or a duty to strive).
  case readyWithWarnings = "ready-with-warnings"
  /// No error, but something is outdated (a plan from an earlier mandate period, an expired agreement).
  case outdated
  /// At least one error that counts.
  case notReady = "not-ready"
  case unreadable
  case skipped

  /// Whether the file may be called ready in any form.
  public var isReady: Bool { self == .ready || self == .readyWithWarnings }
}

/// The result of one run over many files.
public struct CheckReport: Sendable {
  public var asOf: CivilDate
  public var rulesetVersion: String
  public var failOn: Severity?
  public var files: [FileResult]

  /// A report assembled from checks made one by one (the service's county view).
  public init(asOf: CivilDate, rulesetVersion: String, failOn: Severity?, files: [FileResult]) {
    self.asOf = asOf
    self.rulesetVersion = rulesetVersion
    self.failOn = failOn
    self.files = files
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

/// A file to check, and whether the user named it (an error if it is not a plan) or a folder search
/// found it (then it is skipped if it is not a plan).
public struct InputFile: Sendable, Hashable {
  public var path: String
  public var named: Bool
}

/// Finds plan documents: named files as they are, folders searched recursively for *.xml and *.json.
public enum InputCollector {
  public static func collect(_ paths: [String]) -> [InputFile] {
    var result: [InputFile] = []
    var seen: Set<String> = []
    for path in paths {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        var visited: Set<String> = []
        search(folder: path, into: &result, seen: &seen, visited: &visited)
      } else if seen.insert(path).inserted {
        result.append(InputFile(path: path, named: true))
      }
    }
    return result
  }

  /// Hidden folders (.git, .build) are not searched; a folder reached twice through links (a loop) is
  /// searched once.
  private static func search(folder: String, into result: inout [InputFile], seen: inout Set<String>, visited: inout Set<String>) {
    let canonical = (try? FileManager.default.destinationOfSymbolicLink(atPath: folder)).map {
      URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: folder).deletingLastPathComponent()).standardizedFileURL.path
    } ?? URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
    guard visited.insert(canonical).inserted else { return }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for name in names.sorted() where !name.hasPrefix(".") {
      let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        search(folder: path, into: &result, seen: &seen, visited: &visited)
      } else if DocumentReader.format(forPath: name) != nil, seen.insert(path).inserted {
        result.append(InputFile(path: path, named: false))
      }
    }
  }
}

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

  public init(
    ruleSet: RuleSet, options: EvaluationOptions, limits: ReadLimits = .default, failOn: Severity? = .error,
    skipForeign: Bool = false, configuration: Configuration = Configuration()
  ) {
    self.evaluator = Evaluator(ruleSet: ruleSet)
    self.options = options
    self.limits = limits
    self.failOn = failOn
    self.skipForeign = skipForeign
    self.configuration = configuration
  }

  public func check(paths: [String]) -> CheckReport {
    check(InputCollector.collect(paths))
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
    return CheckReport(
      asOf: options.asOf, rulesetVersion: evaluator.ruleSet.version, failOn: failOn, files: results.map { $0! })
  }

  public func check(_ input: InputFile) -> FileResult {
    let document: Document
    do {
      document = try DocumentReader.read(file: input.path, limits: limits)
    } catch var error {
      if error.kind == .io, PlanChecker.isMissingFolder(input.path) {
        error = ReadError(.io, sv: "mappen finns inte", en: "the folder does not exist", at: nil)
      }
      let skip = error.kind == .foreign && (!input.named || skipForeign)
      return FileResult(path: input.path, format: DocumentReader.format(forPath: input.path), kommun: nil, status: skip ? .skipped : .unreadable, findings: [], readError: error)
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

  /// Whether `path` does not exist and was meant as a folder: it ends in `/`, or it has no plan file
  /// extension (`inkomna`), so "the file does not exist" would mislead.
  public static func isMissingFolder(_ path: String) -> Bool {
    guard !FileManager.default.fileExists(atPath: path) else { return false }
    return path.hasSuffix("/") || DocumentReader.format(forPath: path) == nil
  }

  /// Checks a document already read.
  public func result(for document: Document) -> FileResult {
    let findings = configuration.apply(to: evaluator.evaluate(document, options: options), file: document.file, asOf: options.asOf)
    let kommun = document.root["kommun"].map {
      KommunInfo(namn: $0["namn"]?.string, kod: $0["kod"]?.string, lan: $0["lan"]?.string)
    }
    // Not ready when an error counts, whatever --fail-on says: the threshold decides the exit code only.
    let failed = findings.contains { $0.severity == .error && $0.suppression == nil }
    return FileResult(path: document.file, format: document.format, kommun: kommun, status: failed ? .failed : .passed, findings: findings, readError: nil)
  }
}

/// Frees large documents off the calling thread. Freeing the hundreds of thousands of nodes of a 20 MB
/// plan is a noticeable part of checking it, and the report does not wait for it (a command that exits
/// next leaves the rest to the end of the process). Small documents are freed where they are.
enum BackgroundRelease {
  private static let queue = DispatchQueue(label: "lagkoll.release", qos: .utility)

  /// Files of at least this size count as large.
  static let largeFileSize = 1 << 20

  static func isLarge(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && Int(status.st_size) >= largeFileSize
  }

  /// Takes over `value` and lets it go on the release queue: the caller must hold no other reference
  /// for the freeing to happen there.
  static func release<Value>(_ value: consuming Value) {
    nonisolated(unsafe) let held = value
    queue.async { withExtendedLifetime(held) {} }
  }
}
