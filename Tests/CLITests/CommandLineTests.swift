import Foundation
import ProcessTestSupport
import Testing

/// Runs the built `lagkoll` binary the way a user or a CI job does, and checks exit codes and output.
enum LagkollBinary {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The executable sits beside the test bundle in the build products folder.
  static let url: URL? = {
    var candidates: [URL] = []
    if let bin = ProcessInfo.processInfo.environment["LAGKOLL_BIN"] { candidates.append(URL(fileURLWithPath: bin)) }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lagkoll"))
    candidates.append(Bundle.main.bundleURL.appendingPathComponent("lagkoll"))
    candidates.append(
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lagkoll"))
    for products in [".build/debug", ".build/release"] {
      candidates.append(packageRoot.appendingPathComponent(products).appendingPathComponent("lagkoll"))
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs the binary (or `executable`, a copy of it) with the package's `rules/` as `LAGKOLL_RULES`,
  /// unless `environment` sets it or `removing` names it.
  static func run(
    _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:], removing: Set<String> = [],
    executable: URL? = nil
  ) throws -> Output {
    let executable = try executable ?? #require(url, "the lagkoll binary was not found beside the tests")
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env["LAGKOLL_RULES"] = packageRoot.appendingPathComponent("rules").path
    for (key, value) in environment { env[key] = value }
    for key in removing { env[key] = nil }
    let output = try ProcessRunner.run(executable, arguments, in: folder ?? packageRoot, environment: env)
    return Output(
      status: output.status, stdout: String(decoding: output.stdout, as: UTF8.self),
      stderr: String(decoding: output.stderr, as: UTF8.self))
  }
}

/// A suite that writes its files into a temporary folder of its own (one per test, as Swift Testing
/// makes a suite instance per test).
protocol ScratchFolder {
  var temporary: URL { get }
}

extension ScratchFolder {
  static func make(_ prefix: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func path(_ name: String) -> String { temporary.appendingPathComponent(name).path }

  func write(_ name: String, _ text: String) throws -> String {
    let url = temporary.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }
}

@Suite("Command line: exit codes and read errors")
struct CommandLineTests: ScratchFolder {
  let temporary = CommandLineTests.make("lagkoll-cli")

  @Test func usageErrorsExitWithTwo() throws {
    #expect(try LagkollBinary.run(["check"]).status == 2)
    #expect(try LagkollBinary.run(["check", "--as-of", "2026-02-30", "samples"]).status == 2)
    #expect(try LagkollBinary.run(["check", "--lang", "fi", "samples"]).status == 2)
    #expect(try LagkollBinary.run(["explain", "INGEN-SADAN"]).status == 2)
  }

  @Test func helpAndVersionSucceed() throws {
    let help = try LagkollBinary.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("check"))
    #expect(try LagkollBinary.run(["--version"]).status == 0)
  }

  @Test func malformedInputExitsWithThreeAndSaysWhere() throws {
    let bad = try write("trasig.json", "{\"formatversion\": \"1\",\n  \"kommun\": [}\n")
    let result = try LagkollBinary.run(["check", bad])
    #expect(result.status == 3)
    #expect(result.stdout.contains("2:"), "the position is reported: \(result.stdout)")
  }

  @Test func otherInputsAreStillCheckedWhenOneIsUnreadable() throws {
    let bad = try write("trasig.xml", "<plan xmlns=\"urn:lagkoll:plan:1\"><kommun>")
    let result = try LagkollBinary.run(["check", "--format", "json", bad, "samples/komplett.json"])
    #expect(result.status == 3)
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let files = try #require(report?["files"] as? [[String: Any]])
    #expect(files.count == 2)
    #expect(files[0]["status"] as? String == "unreadable")
    #expect(files[1]["status"] as? String != "unreadable")
  }

  @Test func aMissingFileIsUnreadable() throws {
    #expect(try LagkollBinary.run(["check", temporary.appendingPathComponent("finns-inte.xml").path]).status == 3)
  }

  @Test func foreignFilesAreErrorsWhenNamedAndSkippedInFolders() throws {
    let foreign = try write("package.json", "{\"name\": \"x\"}")
    #expect(try LagkollBinary.run(["check", foreign]).status == 3)
    #expect(try LagkollBinary.run(["check", "--skip-foreign", foreign]).status == 0)
    // A folder with only foreign files holds nothing to check: an error, not a green run.
    let folderRun = try LagkollBinary.run(["check", temporary.path])
    #expect(folderRun.status == 3, "\(folderRun.stdout)")
    #expect(folderRun.stderr.contains("1 fil är inte ett plandokument"), "\(folderRun.stderr)")
    // Beside a plan, it is listed as skipped.
    let plan = try write(
      "plan.json",
      try String(contentsOf: LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.json"), encoding: .utf8)
    )
    let mixed = try LagkollBinary.run(["check", temporary.path, "--as-of", "2026-11-24"])
    #expect(mixed.status == 0, "\(mixed.stdout)\(mixed.stderr)")
    #expect(mixed.stdout.contains("inte ett plandokument"))
    _ = plan
  }

  @Test func dumpPrintsEveryNodeWithItsPosition() throws {
    let result = try LagkollBinary.run(["dump", "samples/komplett.xml"])
    #expect(result.status == 0)
    let nodes = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(nodes.count > 100)
    #expect(nodes.contains { $0["path"] as? String == "/kommun/kod" && $0["value"] as? String == "1282" })
    #expect(nodes.allSatisfy { ($0["line"] as? Int ?? 0) >= 1 && ($0["column"] as? Int ?? 0) >= 1 })
  }

  /// `convert` and `dump` read their one document as `check` reads a named file: the same line on
  /// standard error (place, then the reason), exit 3, and a missing folder said as one.
  @Test func convertAndDumpSayAReadErrorAsCheckDoes() throws {
    let bad = try write("trasig.json", "{\"formatversion\": \"1\",\n  \"kommun\": [}\n")
    let missingFolder = temporary.appendingPathComponent("inkomna").path + "/"
    let check = try LagkollBinary.run(["check", bad])
    let checkFolder = try LagkollBinary.run(["check", missingFolder])
    #expect(checkFolder.stderr.contains("\(missingFolder): mappen finns inte"), "\(checkFolder.stderr)")
    for command in [["dump"], ["convert", "--to", "xml"]] {
      let result = try LagkollBinary.run(command + [bad])
      #expect(result.status == 3)
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.hasPrefix("\(bad):2:"), "\(command): \(result.stderr)")
      #expect(check.stdout.contains(result.stderr.trimmingCharacters(in: .newlines)), "\(command): \(check.stdout)")
      let folder = try LagkollBinary.run(command + [missingFolder])
      #expect(folder.status == 3)
      #expect(folder.stderr == "\(missingFolder): fel: mappen finns inte\n", "\(command): \(folder.stderr)")
    }
  }

  @Test func inputsAreNeverWrittenTo() throws {
    let file = LagkollBinary.packageRoot.appendingPathComponent("samples/komplett.xml").path
    let before = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
    let contents = try Data(contentsOf: URL(fileURLWithPath: file))
    _ = try LagkollBinary.run(["check", "--format", "json", file])
    #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == contents)
    #expect(try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date == before)
  }
}
