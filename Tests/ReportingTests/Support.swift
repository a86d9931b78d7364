import Foundation
import ProcessTestSupport
import Testing
import XMLTestSupport

/// Golden files: the expected output of each reporter, compared exactly. After an intended change to a
/// reporter, regenerate them and review the diff:
///
///     LAGKOLL_UPDATE_GOLDEN=1 swift test --filter ReportingTests
enum Golden {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  static var updating: Bool { ProcessInfo.processInfo.environment["LAGKOLL_UPDATE_GOLDEN"] == "1" }

  static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

  static func check(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
  {
    let file = url(name)
    if updating {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: file)
      return
    }
    guard let data = FileManager.default.contents(atPath: file.path), let expected = String(data: data, encoding: .utf8)
    else {
      Issue.record(
        "The golden file \(name) is missing: run LAGKOLL_UPDATE_GOLDEN=1 swift test --filter ReportingTests",
        sourceLocation: sourceLocation)
      return
    }
    guard actual != expected else { return }
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let index =
      Array(zip(actualLines, expectedLines)).firstIndex { $0 != $1 } ?? min(actualLines.count, expectedLines.count)
    let got = index < actualLines.count ? String(actualLines[index]) : "(end of output)"
    let want = index < expectedLines.count ? String(expectedLines[index]) : "(end of file)"
    Issue.record(
      """
      \(name) differs from the golden file at line \(index + 1):
        expected: \(want)
        actual:   \(got)
      If the change is intended: LAGKOLL_UPDATE_GOLDEN=1 swift test --filter ReportingTests, and review the diff.
      """, sourceLocation: sourceLocation)
  }
}

enum Tooling {
  /// The package root: Tests/ReportingTests/ is two levels below it.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static let sarifSchema = packageRoot.appendingPathComponent("../shared/testdata/sarif/sarif-schema-2.1.0.json")
    .standardizedFileURL

  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs a program found on PATH, feeding `input` to its standard input.
  static func run(_ arguments: [String], input: String? = nil) throws -> Output {
    let output = try ProcessRunner.run(
      URL(fileURLWithPath: "/usr/bin/env"), arguments, environment: ProcessInfo.processInfo.environment,
      input: input.map { Data($0.utf8) })
    return Output(
      status: output.status, stdout: String(decoding: output.stdout, as: UTF8.self),
      stderr: String(decoding: output.stderr, as: UTF8.self))
  }

  static func available(_ arguments: [String]) -> Bool {
    (try? run(arguments))?.status == 0
  }

  /// python3 with the jsonschema package, and the official SARIF schema in ../shared.
  static let canValidateSARIF: Bool =
    FileManager.default.fileExists(atPath: sarifSchema.path) && available(["python3", "-c", "import jsonschema"])

  static let hasXmllint: Bool = available(["xmllint", "--version"])

  static func hasPythonModule(_ name: String) -> Bool { available(["python3", "-c", "import \(name)"]) }
}

/// What an XML parse saw: every element with its attributes, and the text.
final class XMLCollector {
  typealias Element = XMLEventScanner.Element

  var elements: [Element] = []
  var text = ""

  /// Parses `text` with libxml2; nil when it is not well-formed XML.
  static func parse(_ text: String) -> XMLCollector? {
    let collector = XMLCollector()
    let scanner = XMLEventScanner()
    scanner.onStart = { collector.elements.append($0) }
    scanner.onText = { collector.text += $0 }
    return scanner.scan(text) == nil ? collector : nil
  }

  func named(_ name: String) -> [Element] { elements.filter { $0.name == name } }
}
