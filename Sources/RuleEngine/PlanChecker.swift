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
  /// The dates that follow from the plan: the last day of each duty whose rule reports as time passes
  /// (`Deadlines.swift`), coming and passed, in rule order then document order.
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

/// A file to check, and whether the user named it (an error if it is not a plan) or a folder search
/// found it (then it is skipped if it is not a plan).
public struct InputFile: Sendable, Hashable {
  /// The path as shown: as the user named it, or as found, with any byte of a name that is not UTF-8
  /// written `\xNN` (a file name on Linux is bytes, not text).
  public var path: String
  public var named: Bool
  /// The path's bytes when `path` cannot give them back (a name that is not UTF-8); nil otherwise.
  public var rawPath: [UInt8]?
  /// Why a folder search lists this entry without reading it (a dangling link, a link in a loop, a
  /// link that leads out of the folder the user named).
  public var skipped: ReadError?
  /// Why this entry cannot be searched or read at all (a folder that cannot be opened).
  public var unreadable: ReadError?

  public init(path: String, named: Bool, rawPath: [UInt8]? = nil, skipped: ReadError? = nil, unreadable: ReadError? = nil) {
    self.path = path
    self.named = named
    self.rawPath = rawPath
    self.skipped = skipped
    self.unreadable = unreadable
  }
}

/// Finds plan documents: named files as they are, folders searched recursively for *.xml and *.json.
///
/// Nothing found is dropped in silence: a folder search works on the names' bytes (`readdir`), so a
/// name that is not UTF-8 is checked like any other; a dangling symbolic link, a link in a loop and a
/// link that leads out of the folder the user named are listed as skipped with the reason; a folder
/// that cannot be opened is unreadable. Hidden files (`.plan.xml`) are checked; hidden folders (`.git`,
/// `.build`) are not searched. Each folder is searched once, however many links lead to it.
public enum InputCollector {
  /// `rawArguments`: the command line's arguments as bytes, so that a named file whose name is not
  /// UTF-8 (which Swift's `CommandLine.arguments` repairs into U+FFFD) is still found.
  public static func collect(_ paths: [String], rawArguments: [[UInt8]] = []) -> [InputFile] {
    var result: [InputFile] = []
    var seen: Set<[UInt8]> = []
    for path in paths {
      var raw = Array(path.utf8)
      var info = stat()
      if stat(cPath(raw), &info) != 0,
        let original = rawArguments.first(where: { String(decoding: $0, as: UTF8.self) == path && $0 != raw })
      {
        raw = original
      }
      if stat(cPath(raw), &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
        let root = realPath(raw) ?? raw
        var visited: Set<FileID> = []
        search(folder: raw, shown: path, root: root, into: &result, seen: &seen, visited: &visited)
      } else if seen.insert(raw).inserted {
        result.append(InputFile(path: path, named: true, rawPath: raw == Array(path.utf8) ? nil : raw))
      }
    }
    return result
  }

  struct FileID: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  private static func search(
    folder: [UInt8], shown: String, root: [UInt8], into result: inout [InputFile], seen: inout Set<[UInt8]>,
    visited: inout Set<FileID>
  ) {
    var info = stat()
    guard stat(cPath(folder), &info) == 0 else { return }
    guard visited.insert(FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
    guard let directory = opendir(cPath(folder)) else {
      let reason = String(cString: strerror(errno))
      result.append(
        InputFile(
          path: shown, named: false, rawPath: nil,
          unreadable: ReadError(.io, sv: "mappen kan inte genomsökas: \(reason)", en: "the folder cannot be searched: \(reason)", at: nil)))
      return
    }
    var names: [[UInt8]] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
        Array(buffer.prefix { $0 != 0 })
      }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      names.append(name)
    }
    closedir(directory)
    names.sort { $0.lexicographicallyPrecedes($1) }
    let separator: [UInt8] = folder.last == 0x2F ? [] : [0x2F]
    for name in names {
      let path = folder + separator + name
      let shownPath = shown + (shown.hasSuffix("/") ? "" : "/") + display(name)
      let isPlanName = DocumentReader.format(forPath: display(name)) != nil
      let hidden = name.first == 0x2E
      var link = stat()
      guard lstat(cPath(path), &link) == 0 else { continue }  // gone since readdir
      let rawPath: [UInt8]? = String(validating: path, as: UTF8.self) == nil ? path : nil
      func skip(_ sv: String, _ en: String) {
        guard seen.insert(path).inserted else { return }
        result.append(
          InputFile(path: shownPath, named: false, rawPath: rawPath, skipped: ReadError(.io, sv: sv, en: en, at: nil)))
      }
      var target = link
      if link.st_mode & S_IFMT == S_IFLNK {
        guard stat(cPath(path), &target) == 0 else {
          if isPlanName {
            errno == ELOOP
              ? skip("symboliska länkar i en slinga", "symbolic links in a loop")
              : skip("en symbolisk länk till något som inte finns", "a symbolic link to something that does not exist")
          }
          continue
        }
        let isFolder = target.st_mode & S_IFMT == S_IFDIR
        guard isFolder || isPlanName else { continue }
        if hidden && isFolder { continue }
        // A link may lead anywhere: only what lies inside the folder the user named is read.
        guard let resolved = realPath(path), resolved == root || resolved.starts(with: root + [0x2F]) || root == [0x2F] else {
          skip(
            isFolder ? "en symbolisk länk till en mapp utanför den mapp som kontrolleras; den genomsöks inte" : "en symbolisk länk till en fil utanför den mapp som kontrolleras; den läses inte",
            isFolder ? "a symbolic link to a folder outside the folder being checked; it is not searched" : "a symbolic link to a file outside the folder being checked; it is not read")
          continue
        }
      }
      if target.st_mode & S_IFMT == S_IFDIR {
        if hidden { continue }
        search(folder: path, shown: shownPath, root: root, into: &result, seen: &seen, visited: &visited)
      } else if isPlanName, seen.insert(path).inserted {
        result.append(InputFile(path: shownPath, named: false, rawPath: rawPath))
      }
    }
  }

  /// `bytes` as a C string.
  static func cPath(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }

  /// The canonical absolute path of `bytes`, links resolved, or nil.
  static func realPath(_ bytes: [UInt8]) -> [UInt8]? {
    guard let resolved = realpath(cPath(bytes), nil) else { return nil }
    defer { free(resolved) }
    return Array(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
  }

  /// A name's bytes as text: UTF-8 as it is, any other byte as `\xNN`.
  public static func display(_ bytes: [UInt8]) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    var text = ""
    var index = 0
    while index < bytes.count {
      var end = index + 1
      // The longest valid UTF-8 sequence starting here (at most four bytes).
      var decoded: String?
      for length in stride(from: min(4, bytes.count - index), through: 1, by: -1) {
        if let part = String(validating: bytes[index..<(index + length)], as: UTF8.self), part.unicodeScalars.count == 1 {
          decoded = part
          end = index + length
          break
        }
      }
      if let decoded {
        text += decoded
      } else {
        text += "\\x" + String(bytes[index], radix: 16, uppercase: true).leftPadded(to: 2)
      }
      index = end
    }
    return text
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: Swift.max(0, width - count)) + self
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
      asOf: options.asOf, rulesetVersion: evaluator.ruleSet.version, failOn: failOn, files: results.map { $0! },
      configuration: configuration.notice(for: evaluator.ruleSet))
  }

  public func check(_ input: InputFile) -> FileResult {
    if let reason = input.skipped ?? input.unreadable {
      return FileResult(
        path: input.path, format: DocumentReader.format(forPath: input.path), kommun: nil,
        status: input.skipped == nil ? .unreadable : .skipped, findings: [], readError: reason)
    }
    let document: Document
    do {
      document = try DocumentReader.read(file: input.path, rawPath: input.rawPath, limits: limits)
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
    typealias Name = PlanFormat.Name
    let kommun = document.root[Name.kommun].map {
      KommunInfo(namn: $0[Name.namn]?.string, kod: $0[Name.kod]?.string, lan: $0[Name.lan]?.string)
    }
    // Not ready when an error counts, whatever --fail-on says: the threshold decides the exit code only.
    let failed = findings.contains { $0.severity == .error && $0.suppression == nil }
    return FileResult(
      path: document.file, format: document.format, kommun: kommun, status: failed ? .failed : .passed,
      findings: findings, readError: nil, deadlines: evaluator.deadlines(document, options: options),
      outdatedObligations: outdatedObligations)
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
