import Foundation
import InputCollection
import PlanDocument
import ProcessTestSupport
import Reporting
import RuleEngine
import Testing

/// What the review tests share: the package's rule set and samples, a scratch folder, a review run.
enum Fixture {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let samples = packageRoot.appendingPathComponent("samples")
  static let rules = packageRoot.appendingPathComponent("rules")

  static let ruleSet: RuleSet = {
    do {
      return try RuleSetLoader.load(from: rules.path)
    } catch {
      fatalError("the bundled rule set does not load: \((error as? RuleSetError)?.text(.en) ?? "\(error)")")
    }
  }()

  static let asOf = CivilDate(year: 2026, month: 11, day: 24)!

  static func sample(_ name: String) -> String { samples.appendingPathComponent(name).path }

  /// Reviews `paths` as `lagkoll review` does: every file found counts as meant to be a plan.
  static func review(
    _ paths: [String], asOf: CivilDate = Fixture.asOf, configuration: Configuration = Configuration(),
    failOn: Severity? = .error
  ) -> ReviewMatrix {
    let checker = PlanChecker(
      ruleSet: ruleSet, options: EvaluationOptions(asOf: asOf), failOn: failOn, configuration: configuration)
    var inputs = InputCollector.collect(paths)
    for index in inputs.indices { inputs[index].named = true }
    return ReviewMatrix(report: checker.check(inputs), ruleSet: ruleSet)
  }

  /// A fresh folder under the temporary directory.
  static func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lagkoll-review-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A small plan document (JSON) naming a municipality as given, otherwise well formed.
  static func plan(namn: String, kod: String, lan: String? = nil) -> String {
    var kommun: [String: String] = ["namn": namn, "kod": kod]
    if let lan { kommun["lan"] = lan }
    let object: [String: Any] = ["formatversion": "1", "kommun": kommun, "upprattad": "2026-11-01"]
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }
}

extension ReviewMatrix {
  /// The row of the file whose path ends in `suffix`.
  func row(_ suffix: String) -> ReviewRow? { rows.first { $0.path.hasSuffix(suffix) } }

  /// The state of `obligation` in `row`.
  func state(_ row: ReviewRow, _ obligation: String) -> ObligationState? {
    column(of: obligation).flatMap { row.cells.indices.contains($0) ? row.cells[$0] : nil }
  }
}

/// Runs the built binaries the way a user does.
enum Binary {
  static func url(_ name: String) -> URL? {
    var candidates: [URL] = []
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name))
    candidates.append(Bundle.main.bundleURL.appendingPathComponent(name))
    candidates.append(
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  struct Output {
    var status: Int32
    var stdout: Data
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
  }

  static func run(_ name: String, _ arguments: [String], in folder: URL? = nil) throws -> Output {
    guard let executable = url(name) else {
      Issue.record("the \(name) binary was not found beside the tests")
      throw CocoaError(.fileNoSuchFile)
    }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["LAGKOLL_RULES"] = Fixture.rules.path
    let output = try ProcessRunner.run(
      executable, arguments, in: folder ?? Fixture.packageRoot, environment: environment)
    return Output(status: output.status, stdout: output.stdout, stderr: String(decoding: output.stderr, as: UTF8.self))
  }
}
